//! What the window shows of team sync: the sync control at the right of
//! the top bar (the status, the Sync button, the conflicts to decide), the
//! share dialog (share this store, or open a shared one), the sync
//! settings, the failure's message and the wait before closing. The logic
//! behind them is in `sync.rs`.

use egui::{Color32, RichText};

use super::StancebookApp;
use super::sync::{Closing, ShareMode, Standing, needs_folder};
use crate::model::Timestamp;
use crate::ui::{Action, Command, theme};

/// How the status reads, and in which colour.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tone {
    Calm,
    Pending,
    Warning,
    Error,
}

impl StancebookApp {
    /// The sync control, drawn inside the top bar's right-to-left layout
    /// (so its parts are added from the right): the Sync button, the
    /// status, and the conflicts to decide. "Share…" when the store is not shared.
    pub(super) fn sync_control_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(doc) = &self.doc else { return };
        if doc.backup_of.is_some() {
            return;
        }
        let dark = ui.visuals().dark_mode;
        let status = match &self.sync.standing {
            Standing::Unknown => return,
            Standing::NotShared { .. } => None,
            Standing::Shared(s) if s.remote.is_none() => None,
            Standing::Shared(s) => Some(s.clone()),
            Standing::Unavailable(why) => {
                ui.label(RichText::new("Sync unavailable").small().color(theme::warning_text(dark)))
                    .on_hover_text(why.as_str());
                return;
            }
        };
        let Some(status) = status else {
            let share = Command::ShareStore;
            if ui.button("Share…").on_hover_text(share.tooltip()).clicked() {
                actions.push(Action::Command(share));
            }
            self.conflicts_button_ui(ui, actions);
            return;
        };
        let running = self.sync.running.is_some();
        let read_only = doc.read_only.is_some();
        let sync = Command::Sync;
        let button = ui
            .add_enabled(!running && !read_only, egui::Button::new("Sync"))
            .on_hover_text(format!("{} ({})", sync.tooltip(), sync.shortcut_text(ui.ctx())))
            .on_disabled_hover_text(if running { "Syncing…" } else { "The store is read-only" });
        if button.clicked() {
            actions.push(Action::Command(sync));
        }
        button.context_menu(|ui| sync_menu_ui(ui, actions));

        let (mut text, tone) = self.sync_status_text(&status);
        if super::shell::compact_top_bar(ui.ctx())
            && (text.starts_with("In sync") || text.starts_with("Offline"))
        {
            // The time (and the retry) are in the hover.
            text = text.split(" · ").next().unwrap_or_default().to_owned();
        }
        let color = match tone {
            Tone::Calm => theme::weak(dark),
            Tone::Pending => ui.visuals().text_color(),
            Tone::Warning => theme::warning_text(dark),
            Tone::Error => theme::error_text(dark),
        };
        let hover = self.sync_hover_text(&status);
        let failure = self.sync.failure.as_ref().is_some_and(|f| !f.offline) && !running;
        let label = if failure {
            // A failure the analyst can act on: a click shows what to do.
            ui.add(egui::Button::new(RichText::new(&text).color(color)).frame(false))
        } else {
            ui.add(egui::Label::new(RichText::new(&text).color(color)).sense(egui::Sense::click()))
        };
        let label = label.on_hover_text(hover);
        if failure && label.clicked() {
            self.sync.failure_open = true;
        }
        label.context_menu(|ui| sync_menu_ui(ui, actions));
        if running {
            ui.spinner();
        } else {
            status_dot(ui, tone_color(tone, dark));
        }

        self.conflicts_button_ui(ui, actions);
    }

    /// "Conflicts: 2", while conflicts wait for a decision (or, reviewing every one, while any is listed).
    fn conflicts_button_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let conflicts = self.conflicts_to_show();
        if conflicts > 0 {
            let c = Command::Conflicts;
            let text = RichText::new(format!("Conflicts: {conflicts}"))
                .color(theme::warning_text(ui.visuals().dark_mode));
            if ui.button(text).on_hover_text(c.tooltip()).clicked() {
                actions.push(Action::Command(c));
            }
        }
    }

    /// The status in a few words.
    fn sync_status_text(&self, status: &crate::sync::Status) -> (String, Tone) {
        if self.sync.running.is_some() {
            return ("Syncing…".into(), Tone::Pending);
        }
        if let Some(f) = &self.sync.failure {
            return match f.kind {
                _ if f.offline && self.prefs.sync_every_minutes > 0 => {
                    ("Offline · will retry".into(), Tone::Warning)
                }
                _ if f.offline => ("Offline".into(), Tone::Warning),
                "sign_in" => ("Sign-in needed".into(), Tone::Error),
                _ => ("Not synced".into(), Tone::Error),
            };
        }
        let send = status.to_send + usize::from(status.local_changes);
        let mut parts = Vec::new();
        if send > 0 {
            parts.push(format!("{send} to send"));
        }
        if status.to_receive > 0 {
            parts.push(format!("{} to receive", status.to_receive));
        }
        if !parts.is_empty() {
            return (parts.join(" · "), Tone::Pending);
        }
        match status.last_synced {
            Some(t) => (format!("In sync · {}", ago(self.effects.wall_clock(), t)), Tone::Calm),
            None => ("In sync".into(), Tone::Calm),
        }
    }

    /// Hover on the status: the remote, the branch, the last sync, the last error.
    fn sync_hover_text(&self, status: &crate::sync::Status) -> String {
        let mut lines = vec![format!("Shared at {}", status.remote.as_deref().unwrap_or("no remote"))];
        if !status.branch.is_empty() {
            lines.push(format!("Branch: {}", status.branch));
        }
        lines.push(match status.last_synced {
            Some(t) => format!(
                "Last synced: {} ({})",
                t.datetime().with_timezone(&chrono::Local).format("%e %b %Y, %H:%M").to_string().trim(),
                ago(self.effects.wall_clock(), t)
            ),
            None => "Not synced yet".into(),
        });
        if status.local_changes || status.to_send > 0 {
            lines.push("Your changes go with the next sync.".into());
        }
        if self.sync.failure.as_ref().is_some_and(|f| f.offline) && self.prefs.sync_every_minutes > 0 {
            lines.push(format!("Tried again every {} minutes.", self.prefs.sync_every_minutes));
        }
        let error = self
            .sync
            .failure
            .as_ref()
            .map(|f| f.message.clone())
            .or_else(|| status.last_error.as_ref().map(|(_, m)| m.clone()));
        if let Some(e) = error {
            lines.push(format!("Last error: {e}"));
        }
        lines.join("\n")
    }

    /// The share dialog: share the open store (converting a file to a
    /// folder first), or open a store colleagues share.
    pub(super) fn share_dialog_ui(&mut self, ctx: &egui::Context) {
        let standing = self.sync.standing.clone();
        let store_name = self
            .doc
            .as_ref()
            .map(|d| super::effects::file_name(&d.path))
            .unwrap_or_else(|| "the store".into());
        let Some(dialog) = &mut self.sync.share else { return };
        let dark = ctx.global_style().visuals.dark_mode;
        let busy = dialog.busy.is_some();
        let (mut submit, mut cancel) = (false, false);
        let mut remote_changed = false;
        let modal = egui::Modal::new(egui::Id::unique("share-dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.horizontal(|ui| {
                ui.add_enabled_ui(!busy, |ui| {
                    ui.selectable_value(&mut dialog.mode, ShareMode::Share, "Share this store");
                    ui.selectable_value(&mut dialog.mode, ShareMode::Open, "Open a shared store");
                });
            });
            ui.separator();
            ui.add_space(4.0);
            let shared_at = match &standing {
                Standing::Shared(s) => s.remote.clone(),
                _ => None,
            };
            let convert = needs_folder(&standing, dialog.mode);
            let hint = "ssh://git.desk.org/stancebook.git, https://…, or a path such as /mnt/shared/desk.git";
            match dialog.mode {
                ShareMode::Share if shared_at.is_some() => {
                    ui.label(RichText::new("This store is shared").heading());
                    ui.add(
                        egui::Label::new(format!(
                            "{store_name} syncs with {}. Sync (Ctrl+Shift+S) sends your changes and \
                             receives your colleagues'.",
                            shared_at.unwrap_or_default()
                        ))
                        .wrap(),
                    );
                }
                ShareMode::Share => {
                    if convert {
                        ui.add(
                            egui::Label::new(format!(
                                "A shared store is a store folder: a header and one file per day, so that \
                                 a sync sends only what changed. {store_name} is one file; Stancebook \
                                 copies it into a new folder and works there from now on (the file stays \
                                 as it is)."
                            ))
                            .wrap(),
                        );
                        ui.add_space(6.0);
                        labelled_field(ui, "New folder", &mut dialog.folder, "", busy);
                    } else {
                        ui.add(
                            egui::Label::new(
                                "Colleagues sync through a git remote: an empty repository on your \
                                 organisation's server, or a bare repository on a shared drive. \
                                 Stancebook sets up this folder and sends the store there.",
                            )
                            .wrap(),
                        );
                    }
                    ui.add_space(6.0);
                    let label = if convert { "Remote (optional)" } else { "Remote" };
                    labelled_field(ui, label, &mut dialog.remote, hint, busy);
                }
                ShareMode::Open => {
                    ui.add(
                        egui::Label::new(
                            "Copies the store colleagues share into a new folder on this computer and \
                             opens it; Sync then keeps it up to date.",
                        )
                        .wrap(),
                    );
                    ui.add_space(6.0);
                    remote_changed =
                        labelled_field(ui, "Shared store", &mut dialog.clone_remote, hint, busy).changed();
                    if labelled_field(ui, "New folder", &mut dialog.clone_folder, "", busy).changed() {
                        dialog.folder_edited = true;
                    }
                }
            }
            if let Some(e) = &dialog.error {
                ui.add_space(4.0);
                ui.add(egui::Label::new(RichText::new(e).color(theme::error_text(dark))).wrap());
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let main = match dialog.mode {
                    ShareMode::Share if shared_at_is(&standing) => None,
                    ShareMode::Share if convert => Some("Convert to a folder and share"),
                    ShareMode::Share => Some("Share"),
                    ShareMode::Open => Some("Open shared store"),
                };
                if let Some(main) = main {
                    let primary =
                        egui::Button::new(RichText::new(main).strong()).fill(ui.visuals().selection.bg_fill);
                    submit = ui.add_enabled(!busy, primary).clicked();
                }
                let close = if main.is_none() { "Close" } else { "Cancel" };
                cancel = ui.add_enabled(!busy, egui::Button::new(close)).clicked();
                if let Some(what) = &dialog.busy {
                    ui.spinner();
                    ui.label(what);
                }
            });
        });
        if remote_changed
            && let Some(d) = &self.sync.share
            && !d.folder_edited
        {
            let folder = self.clone_folder_for(&d.clone_remote);
            if let Some(d) = &mut self.sync.share {
                d.clone_folder = folder;
            }
        }
        if submit {
            self.submit_share_dialog();
        } else if (cancel || modal.should_close()) && !busy {
            self.sync.share = None;
        }
    }

    /// When to sync, and which conflicts to list.
    pub(super) fn sync_settings_ui(&mut self, ctx: &egui::Context) {
        if !self.sync.settings_open {
            return;
        }
        let mut close = false;
        let prefs = &mut self.prefs;
        let modal = egui::Modal::new(egui::Id::unique("sync-settings")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.label(RichText::new("Sync settings").heading());
            ui.add_space(4.0);
            ui.checkbox(&mut prefs.sync_on_open, "Sync when the store opens");
            ui.horizontal(|ui| {
                let l = ui.label("Sync while open");
                let text = |m: u32| if m == 0 { "never".to_owned() } else { format!("every {m} minutes") };
                egui::ComboBox::from_id_salt("sync-every")
                    .selected_text(text(prefs.sync_every_minutes))
                    .show_ui(ui, |ui| {
                        for m in [0, 5, 10, 15, 30, 60] {
                            ui.selectable_value(&mut prefs.sync_every_minutes, m, text(m));
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.checkbox(&mut prefs.sync_on_exit, "Sync before the window closes");
            ui.checkbox(&mut prefs.review_all_conflicts, "List every conflict, also those time settled")
                .on_hover_text(
                    "When both sides changed a statement hours apart, the later edit is kept; \
                     with this, the earlier one is listed too, for you to review",
                );
            ui.add_space(8.0);
            close = ui.button("Close").clicked();
        });
        if close || modal.should_close() {
            self.sync.settings_open = false;
        }
    }

    /// The last sync's failure, with what to do about it.
    pub(super) fn sync_failure_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.sync.failure_open {
            return;
        }
        let Some(f) = self.sync.failure.clone() else {
            self.sync.failure_open = false;
            return;
        };
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("sync-failure")).show(ctx, |ui| {
            ui.set_width(520.0);
            let title = if f.kind == "sign_in" { "Sign-in needed" } else { "The store was not synced" };
            ui.label(RichText::new(title).heading());
            ui.add(egui::Label::new(&f.message).wrap());
            ui.add_space(4.0);
            let what = if f.kind == "sign_in" {
                "Stancebook never asks for a password itself. Set up git's sign-in for this remote \
                 outside the app — an SSH key loaded in your agent, or your system's credential helper \
                 for https — then sync again."
            } else {
                "Your edits are safe on this computer; they are sent with the next sync that succeeds."
            };
            ui.add(egui::Label::new(RichText::new(what).color(theme::weak(ui.visuals().dark_mode))).wrap());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(RichText::new("Try again").strong()).clicked() {
                    actions.push(Action::Command(Command::Sync));
                    close = true;
                }
                close |= ui.button("Close").clicked();
            });
        });
        if close || modal.should_close() {
            self.sync.failure_open = false;
        }
    }

    /// "Syncing before closing…", while the window waits.
    pub(super) fn closing_ui(&mut self, ctx: &egui::Context) {
        let mut close_now = false;
        match self.sync.closing.clone() {
            Closing::Syncing => {
                egui::Modal::new(egui::Id::unique("closing")).show(ctx, |ui| {
                    ui.set_width(380.0);
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(RichText::new("Syncing before closing…").strong());
                    });
                    ui.label("Your edits are saved; this sends them to the shared store.");
                    ui.add_space(6.0);
                    close_now = ui.button("Close now").clicked();
                });
            }
            Closing::Failed(message, _) => {
                egui::Modal::new(egui::Id::unique("closing")).show(ctx, |ui| {
                    ui.set_width(420.0);
                    ui.label(RichText::new("Not synced before closing").strong());
                    ui.add(egui::Label::new(message).wrap());
                    ui.label("Your edits are saved on this computer and go with the next sync.");
                    ui.add_space(6.0);
                    close_now = ui.button("Close").clicked();
                });
            }
            _ => {}
        }
        if close_now {
            self.close_now(ctx);
        }
    }
}

fn shared_at_is(standing: &Standing) -> bool {
    matches!(standing, Standing::Shared(s) if s.remote.is_some())
}

/// A label above a one-line text field, the field labelled by it.
fn labelled_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    hint: &str,
    busy: bool,
) -> egui::Response {
    let l = ui.label(label);
    ui.add_enabled(!busy, egui::TextEdit::singleline(text).hint_text(hint).desired_width(f32::INFINITY))
        .labelled_by(l.id)
}

/// The sync control's context menu.
fn sync_menu_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    for c in [Command::Sync, Command::Conflicts, Command::SyncSettings, Command::ShareStore] {
        if ui.button(c.label()).on_hover_text(c.tooltip()).clicked() {
            actions.push(Action::Command(c));
            ui.close();
        }
    }
}

fn tone_color(tone: Tone, dark: bool) -> Color32 {
    match tone {
        Tone::Calm => theme::accent(dark),
        Tone::Pending => theme::weak(dark),
        Tone::Warning => theme::warning_text(dark),
        Tone::Error => theme::error_text(dark),
    }
}

/// A small dot in the status's colour.
fn status_dot(ui: &mut egui::Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(8.0, 8.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 3.5, color);
}

/// "just now", "3 min ago", "2 h ago", "on 13 Mar".
pub fn ago(now: Timestamp, then: Timestamp) -> String {
    let secs = (now.millis() - then.millis()).max(0) / 1000;
    match secs {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => {
            format!("on {}", then.datetime().with_timezone(&chrono::Local).format("%e %b").to_string().trim())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_long_ago_reads_as_people_say_it() {
        let t = |ms: i64| Timestamp::from_millis(ms).unwrap();
        let now = t(1_800_000_000_000);
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now, t(1_800_000_000_000 - 3 * 60_000)), "3 min ago");
        assert_eq!(ago(now, t(1_800_000_000_000 - 2 * 3_600_000)), "2 h ago");
        assert!(ago(now, t(1_700_000_000_000)).starts_with("on "));
    }
}
