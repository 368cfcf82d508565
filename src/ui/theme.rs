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
        Color32::from_rgb(0x70, 0x5c, 0x2e),
        Color32::from_rgb(0x4a, 0x4d, 0x52),
        Color32::from_rgb(0x2f, 0x6b, 0x62),
        Color32::from_rgb(0x01, 0x73, 0x62),
    ];
    (if dark { DARK } else { LIGHT })[stance.index()]
}

/// The pale fill of a stance resting on an unverified statement.
pub fn unverified_fill(stance: Stance, dark: bool) -> Color32 {
    stance_fill(stance, dark).gamma_multiply(0.45)
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
        if dark { Color32::from_rgb(0x22, 0x3b, 0x5c) } else { Color32::from_rgb(0xcf, 0xe0, 0xf5) };
    if dark {
        // egui's dark text (grey 140) is too faint on its own panels and banners.
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(200);
    }
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

/// `fg` (premultiplied, perhaps translucent) painted over the opaque `bg`.
pub fn over(fg: Color32, bg: Color32) -> Color32 {
    let a = f32::from(fg.a()) / 255.0;
    let mix = |f: u8, b: u8| (f32::from(f) + f32::from(b) * (1.0 - a)).round().clamp(0.0, 255.0) as u8;
    Color32::from_rgb(mix(fg.r(), bg.r()), mix(fg.g(), bg.g()), mix(fg.b(), bg.b()))
}

/// WCAG 2 contrast ratio between two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let lum = |c: Color32| {
        let ch = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every pair of text and background colour the app draws, by name, in the
/// light or dark theme, with the contrast each must reach (4.5, or 3 for
/// large text): what the contrast test reads.
pub fn text_pairs(dark: bool) -> Vec<(String, Color32, Color32, f32)> {
    let mut v = if dark { Visuals::dark() } else { Visuals::light() };
    style_visuals(&mut v);
    let text = v.text_color();
    let strong = v.strong_text_color();
    let mut pairs = Vec::new();
    for (bg_name, bg) in [("panel", v.panel_fill), ("window", v.window_fill), ("field", v.extreme_bg_color)] {
        for (name, fg) in [
            ("text", text),
            ("weak text", weak(dark)),
            ("error text", error_text(dark)),
            ("warning text", warning_text(dark)),
            ("link", accent(dark)),
        ] {
            pairs.push((format!("{name} on the {bg_name}"), fg, bg, 4.5));
        }
    }
    pairs.push(("text on a selected row".into(), text, v.selection.bg_fill, 4.5));
    pairs.push(("error text on an error banner".into(), error_text(dark), error_fill(dark), 4.5));
    pairs.push(("text on an error banner".into(), text, error_fill(dark), 4.5));
    pairs.push(("text on a warning banner".into(), text, warning_fill(dark), 4.5));
    for s in Stance::ALL {
        pairs.push((format!("{} on its chip", s.signed()), stance_text(s, dark), stance_fill(s, dark), 4.5));
        let pale = over(unverified_fill(s, dark), v.panel_fill);
        pairs.push((format!("{} unverified on its pale chip", s.signed()), strong, pale, 4.5));
        // A matrix cell whose stance is stale is dimmed; its text is the panel's strong text.
        let dim = over(stance_fill(s, dark).gamma_multiply(0.55), v.extreme_bg_color);
        pairs.push((format!("{} stale cell", s.signed()), strong, dim, 4.5));
    }
    pairs
}

/// The smallest text the app draws, in points at zoom 1.
pub const MIN_TEXT: f32 = 12.0;

/// Installs the styles for both themes; egui picks one by the system theme
/// unless the analyst chose one.
pub fn install(ctx: &egui::Context) {
    install_fonts(ctx);
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            style_visuals(&mut style.visuals);
            // No text under 12 px at the default zoom (egui's small is 9 px).
            use egui::{FontFamily, FontId, TextStyle};
            style.text_styles = [
                (TextStyle::Small, FontId::new(MIN_TEXT, FontFamily::Proportional)),
                (TextStyle::Body, FontId::new(13.0, FontFamily::Proportional)),
                (TextStyle::Button, FontId::new(13.0, FontFamily::Proportional)),
                (TextStyle::Monospace, FontId::new(12.5, FontFamily::Monospace)),
                (TextStyle::Heading, FontId::new(18.0, FontFamily::Proportional)),
            ]
            .into();
            style.spacing.item_spacing = egui::vec2(8.0, 6.0);
            style.spacing.button_padding = egui::vec2(8.0, 3.0);
            style.spacing.interact_size.y = 22.0;
            // Scroll bars show whenever there is more to see (egui's default
            // hides them until hovered), thin until the pointer reaches them.
            style.spacing.scroll = egui::style::ScrollStyle::thin();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_reads_on_its_background_in_both_themes() {
        let mut failures = Vec::new();
        for dark in [false, true] {
            for (name, fg, bg, need) in text_pairs(dark) {
                let c = contrast(fg, bg);
                if c < need {
                    failures.push(format!(
                        "{} theme: {name}: {c:.2} < {need}",
                        if dark { "dark" } else { "light" }
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast(Color32::from_gray(0x76), Color32::WHITE) - 4.54).abs() < 0.02);
    }
}
