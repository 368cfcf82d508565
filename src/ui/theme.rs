//! Colours and spacing: the diverging stance scale, actor colours, and the
//! app's light and dark styles.

use egui::{Color32, CornerRadius, Stroke, Visuals};

use crate::model::{Color, Stance};

/// The stance scale, −2..=+2: brown for opposition, teal for support, a quiet
/// neutral in the middle (ColorBrewer BrBG, readable for colour-blind eyes).
pub fn stance_fill(stance: Stance, dark: bool) -> Color32 {
    const LIGHT: [Color32; 5] = [
        Color32::from_rgb(0xa6, 0x61, 0x1a),
        Color32::from_rgb(0xdf, 0xc2, 0x7d),
        Color32::from_rgb(0xe8, 0xe8, 0xe6),
        Color32::from_rgb(0x80, 0xcd, 0xc1),
        Color32::from_rgb(0x01, 0x85, 0x71),
    ];
    const DARK: [Color32; 5] = [
        Color32::from_rgb(0x9a, 0x55, 0x12),
        Color32::from_rgb(0x8a, 0x73, 0x3e),
        Color32::from_rgb(0x4a, 0x4d, 0x52),
        Color32::from_rgb(0x3d, 0x84, 0x7a),
        Color32::from_rgb(0x01, 0x73, 0x62),
    ];
    (if dark { DARK } else { LIGHT })[stance.index()]
}

/// Text colour that reads on a stance fill.
pub fn stance_text(stance: Stance, dark: bool) -> Color32 {
    match (stance.value(), dark) {
        (-2 | 2, _) => Color32::WHITE,
        (_, true) => Color32::from_gray(235),
        (_, false) => Color32::from_gray(25),
    }
}

/// An actor's colour.
pub fn actor_color(c: Color) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgb(r, g, b)
}

/// The ring around a matrix cell whose stance moved in the window (the
/// amber of the brief's highlighted cells).
pub fn moved(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0xF2, 0xB7, 0x05) } else { Color32::from_rgb(0xD9, 0x8E, 0x04) }
}

/// Muted text for secondary information (dates, sources).
pub fn weak(dark: bool) -> Color32 {
    if dark { Color32::from_gray(150) } else { Color32::from_gray(105) }
}

/// The accent colour (selection, links, focus).
pub fn accent(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x6c, 0xa8, 0xe8) } else { Color32::from_rgb(0x1f, 0x5f, 0xa8) }
}

/// Colour of a warning banner's background.
pub fn warning_fill(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x5a, 0x44, 0x12) } else { Color32::from_rgb(0xfd, 0xf1, 0xcf) }
}

/// Colour of an error banner's background.
pub fn error_fill(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x5c, 0x1f, 0x1f) } else { Color32::from_rgb(0xfb, 0xe0, 0xdd) }
}

/// Colour of a warning next to a field (readable on the panel's background).
pub fn warning_text(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0xf0, 0xc0, 0x60) } else { Color32::from_rgb(0x8a, 0x5a, 0x00) }
}

/// Colour of an error message next to a field.
pub fn error_text(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0xff, 0x8a, 0x80) } else { Color32::from_rgb(0xb0, 0x20, 0x20) }
}

/// Applies Stancebook's look to egui's light or dark visuals.
pub fn style_visuals(v: &mut Visuals) {
    let dark = v.dark_mode;
    v.selection.bg_fill =
        if dark { Color32::from_rgb(0x2c, 0x4a, 0x6e) } else { Color32::from_rgb(0xcf, 0xe0, 0xf5) };
    v.selection.stroke = Stroke::new(1.0, accent(dark));
    v.hyperlink_color = accent(dark);
    v.window_corner_radius = CornerRadius::same(8);
    v.menu_corner_radius = CornerRadius::same(6);
    if !dark {
        v.panel_fill = Color32::from_rgb(0xf7, 0xf7, 0xf5);
        v.window_fill = Color32::from_rgb(0xfd, 0xfd, 0xfc);
        v.extreme_bg_color = Color32::WHITE;
        v.faint_bg_color = Color32::from_rgb(0xf0, 0xf0, 0xed);
    }
}

/// Adds the bundled symbol font (arrows, triangles, bullets) as a fallback
/// after egui's default fonts, which lack them.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "stancebook-symbols".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!("../../assets/fonts/symbols.ttf"))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("stancebook-symbols".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Installs the styles for both themes; egui picks one by the system theme
/// unless the analyst chose one.
pub fn install(ctx: &egui::Context) {
    install_fonts(ctx);
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            style_visuals(&mut style.visuals);
            style.spacing.item_spacing = egui::vec2(8.0, 6.0);
            style.spacing.button_padding = egui::vec2(8.0, 3.0);
            style.spacing.interact_size.y = 22.0;
        });
    }
}
