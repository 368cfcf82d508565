//! The window's frame around the views: the top bar (menus built from the
//! command list, the store's state, the search box, undo and redo), the
//! banners, the tabs, the status bar, the screen shown when the store could
//! not be opened, and the import report. Each part draws and pushes
//! [`Action`]s; nothing here changes the app's state.

use egui::{Color32, RichText};

use super::StancebookApp;
use super::document::SaveState;
use super::effects::file_name;
use crate::ui::commands::MenuGroup;
use crate::ui::{Action, Command, Tab, theme};

impl StancebookApp {
    pub(super) fn top_bar_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            menus_ui(ui, actions);
            ui.separator();
            ui.label(RichText::new("Stancebook").strong().size(15.0));
            if let Some(doc) = &self.doc {
                let name = file_name(doc.backup_of.as_ref().unwrap_or(&doc.path));
                ui.label(RichText::new(name).color(theme::weak(dark)))
                    .on_hover_text(doc.path.display().to_string());
                let (text, color) = match (&doc.read_only, &self.save_state, doc.is_dirty()) {
                    (Some(_), _, _) => ("Read-only", theme::error_text(dark)),
                    (None, SaveState::Failed(_), _) => ("Not saved", theme::error_text(dark)),
                    (None, SaveState::Conflict(_), _) => ("Conflict", theme::error_text(dark)),
                    (None, SaveState::Saving, _) | (None, _, true) => ("Saving…", theme::weak(dark)),
                    (None, SaveState::Saved, false) => ("Saved", theme::weak(dark)),
                };
                ui.label(RichText::new(text).small().color(color));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // Right to left: the sync control at the far right.
                self.sync_control_ui(ui, actions);
                if !matches!(self.sync.standing, super::sync::Standing::Unknown) && self.doc.is_some() {
                    ui.separator();
                }
                let palette = Command::Palette;
                if ui
                    .button("Commands")
                    .on_hover_text(format!("{} ({})", palette.tooltip(), palette.shortcut_text(ui.ctx())))
                    .clicked()
                {
                    actions.push(Action::Command(palette));
                }
                let history = self.doc.as_ref().map(|d| d.session.history());
                let redo = history.and_then(|h| h.redo_label()).map(str::to_owned);
                let undo = history.and_then(|h| h.undo_label()).map(str::to_owned);
                let ro = self.doc.as_ref().is_none_or(|d| d.read_only.is_some());
                // In a narrow window the arrows alone (named the same for screen readers and tests).
                let compact = compact_top_bar(ui.ctx());
                for (command, label, next) in
                    [(Command::Redo, "↷ Redo", redo), (Command::Undo, "↶ Undo", undo)]
                {
                    let hover =
                        next.as_ref().map_or(format!("Nothing to {}", command.label().to_lowercase()), |l| {
                            format!("{}: {l}", command.label())
                        });
                    let enabled = !ro && next.is_some();
                    let shown = if compact { label.split(' ').next().unwrap_or(label) } else { label };
                    let r = ui.add_enabled(enabled, egui::Button::new(shown));
                    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, label));
                    if r.on_hover_text(hover).clicked() {
                        actions.push(Action::Command(command));
                    }
                }
                ui.add_space(6.0);
                self.search_box_ui(ui, actions);
            });
        });
    }

    /// The search box; drawn inside a right-to-left layout, so the field comes before its label.
    fn search_box_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let width = (ui.available_width() - 60.0).clamp(140.0, 460.0);
        let dark = ui.visuals().dark_mode;
        let mut text = self.search.clone();
        let mut edit = egui::TextEdit::singleline(&mut text)
            .hint_text("quote, speaker, outlet… or actor:kremlin topic:ceasefire since:2025-03")
            .desired_width(width)
            .id(search_box_id());
        let error = self.derived.search_error.as_ref().map(|e| e.to_string());
        if error.is_some() {
            edit = edit.background_color(theme::error_fill(dark));
        }
        let response = ui.add(edit);
        let label = ui.label("Search");
        let response = response.labelled_by(label.id);
        if self.focus_search {
            response.request_focus();
            self.focus_search = false;
        }
        self.search_focused = response.has_focus() || response.lost_focus();
        if text != self.search {
            actions.push(Action::SetSearch(text));
        }
        if self.effects.is_deriving() && !self.search.trim().is_empty() {
            ui.spinner().on_hover_text("Searching…");
        }
        match error {
            Some(e) => response.on_hover_text(RichText::new(e).color(theme::error_text(dark))),
            // How to write a query, while the box is not being typed in.
            None if !response.has_focus() => response.on_hover_text(crate::search::QUERY_HELP),
            None => response,
        };
    }

    pub(super) fn banners_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let dark = ui.visuals().dark_mode;
        if let Some(doc) = &self.doc {
            if let Some(of) = &doc.backup_of {
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!(
                        "Viewing a backup of {} ({}). Nothing here is saved.",
                        file_name(of),
                        file_name(&doc.path)
                    ));
                    if ui
                        .button("Restore this backup")
                        .on_hover_text("Make it the store again; the current file is kept beside it, renamed")
                        .clicked()
                    {
                        actions.push(Action::RestoreBackup);
                    }
                });
            } else if let Some(reason) = &doc.read_only {
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!("Read-only: {reason}. You can read, search and export; edits are off."));
                });
            }
            if let Some(v) = doc.migrated_from {
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!(
                        "This store was written with schema {v}; it was updated to schema {} and the old file is kept as a backup when it is first saved.",
                        crate::model::SCHEMA
                    ));
                });
            }
            if let Some(first) = doc.problems.first() {
                let n = doc.problems.len();
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!("The store has {n} problem{}: ", if n == 1 { "" } else { "s" }));
                    ui.label(RichText::new(first.to_string()).italics());
                    if n > 1 {
                        ui.label(format!("and {} more (run `stancebook check`)", n - 1));
                    }
                });
            }
        }
        if let Some(e) = &self.derived.search_error {
            banner(ui, theme::warning_fill(dark), |ui| {
                ui.label(RichText::new("Search:").strong());
                ui.label(e.to_string());
                ui.label(RichText::new("(showing the last results)").color(theme::weak(dark)));
            });
        }
        match &self.save_state {
            SaveState::Conflict(ours) => self.conflict_banner_ui(ui, ours, actions),
            SaveState::Failed(msg) => banner(ui, theme::error_fill(dark), |ui| {
                ui.label(RichText::new("Your last edits are not on disk.").strong());
                ui.label(msg);
                if ui.button("Try again").clicked() {
                    actions.push(Action::Command(Command::SaveNow));
                }
            }),
            _ => {}
        }
    }

    fn conflict_banner_ui(&self, ui: &mut egui::Ui, ours: &std::path::Path, actions: &mut Vec<Action>) {
        let dark = ui.visuals().dark_mode;
        let store_name = self.doc.as_ref().map(|d| file_name(&d.path)).unwrap_or_default();
        banner(ui, theme::error_fill(dark), |ui| {
            ui.label(RichText::new("Another program changed this store while it was open.").strong());
            ui.label(format!(
                "Its version of {store_name} is kept; your edits were saved as {}.",
                file_name(ours)
            ));
            if ui
                .button("Compare")
                .on_hover_text("What importing your version into theirs would add and change")
                .clicked()
            {
                actions.push(Action::CompareMine(ours.to_owned()));
            }
            if ui
                .button("Import mine")
                .on_hover_text("Reopen their version and merge yours into it by statement id (one undo step)")
                .clicked()
            {
                actions.push(Action::ImportMine(ours.to_owned()));
            }
        });
    }

    pub(super) fn has_banners(&self) -> bool {
        self.derived.search_error.is_some()
            || matches!(self.save_state, SaveState::Failed(_) | SaveState::Conflict(_))
            || self.doc.as_ref().is_some_and(|d| {
                d.backup_of.is_some()
                    || d.read_only.is_some()
                    || d.migrated_from.is_some()
                    || !d.problems.is_empty()
            })
    }

    pub(super) fn open_failure_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(failure) = &self.open_failure else { return };
        let dark = ui.visuals().dark_mode;
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(640.0);
            egui::Frame::new().fill(theme::error_fill(dark)).corner_radius(8).inner_margin(18).show(
                ui,
                |ui| {
                    ui.label(RichText::new("The store could not be opened").heading());
                    ui.add_space(6.0);
                    ui.label(RichText::new(&failure.message).monospace());
                    ui.add_space(6.0);
                    ui.label("The file has not been changed, and it will not be overwritten.");
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if failure.backups.is_empty() {
                            ui.label(
                                RichText::new("There are no backups of this store.").color(theme::weak(dark)),
                            );
                        } else if crate::store::folder::is_folder(&failure.path) {
                            if ui
                                .button("Repair from backups")
                                .on_hover_text(
                                    "Put back, from the backups, the files of this folder that no longer read; \
                                     the damaged ones are kept beside it",
                                )
                                .clicked()
                            {
                                actions.push(Action::Command(Command::OpenLatestBackup));
                            }
                        } else if ui.button("Open latest backup").clicked() {
                            actions.push(Action::Command(Command::OpenLatestBackup));
                        }
                        if ui.button("Open another store…").clicked() {
                            actions.push(Action::Command(Command::OpenStore));
                        }
                        if ui.button("New store…").clicked() {
                            actions.push(Action::Command(Command::NewStore));
                        }
                    });
                },
            );
        });
    }

    pub(super) fn status_bar_ui(&self, ui: &mut egui::Ui) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            if let Some(doc) = &self.doc {
                let total = doc.store().statements.len();
                let shown = self.derived.visible.len();
                let text = if shown == total {
                    format!("{total} statements")
                } else {
                    format!("{shown} of {total} statements shown")
                };
                ui.label(RichText::new(text).small().color(theme::weak(dark)));
                ui.label(RichText::new("·").small().color(theme::weak(dark)));
                let counts =
                    format!("{} actors · {} topics", doc.store().actors.len(), doc.store().topics.len());
                ui.label(RichText::new(counts).small().color(theme::weak(dark)));
            }
            // Long work in progress: say what, with a spinner, for as long as it runs.
            for what in self.effects.activity() {
                ui.separator();
                ui.spinner();
                ui.label(RichText::new(what).small());
            }
            if let Some(msg) = self.fresh_status() {
                ui.separator();
                ui.label(RichText::new(msg).small());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let hint = format!("{} for commands", Command::Palette.shortcut_text(ui.ctx()));
                ui.label(RichText::new(hint).small().color(theme::weak(dark)));
            });
        });
    }

    pub(super) fn tabs_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            for t in Tab::ALL {
                let selected = self.prefs.tab == t;
                let text = RichText::new(t.label()).size(14.5);
                let text = if selected { text.strong() } else { text };
                let hover = format!("{} ({})", t.tooltip(), Command::ShowTab(t).shortcut_text(ui.ctx()));
                if ui.selectable_label(selected, text).on_hover_text(hover).clicked() {
                    actions.push(Action::Command(Command::ShowTab(t)));
                }
            }
        });
        ui.separator();
    }

    /// Where no file dialog could open: a path to type, with what it is for.
    pub(super) fn path_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.path_prompt else { return };
        let dark = ctx.global_style().visuals.dark_mode;
        let mut submit = false;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.label(RichText::new("No file dialog could be shown here").heading());
            ui.label(format!("Type the path of the file to {}.", what_for(&prompt.purpose)));
            let l = ui.label("Path");
            let r = ui
                .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(f32::INFINITY))
                .labelled_by(l.id);
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                submit = true;
            }
            if let Some(e) = &prompt.error {
                ui.label(RichText::new(e).color(theme::error_text(dark)));
            }
            ui.horizontal(|ui| {
                submit |= ui.button("OK").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if cancel {
            self.path_prompt = None;
        } else if submit {
            self.submit_path_prompt();
        }
    }

    /// Who is editing: asked once before the first statement edit of a
    /// session when the preferences name nobody ("Not now" lets the edit
    /// through unrecorded), and from Edit › Analyst….
    pub(super) fn analyst_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.analyst_prompt else { return };
        let dark = ctx.global_style().visuals.dark_mode;
        let first = prompt.pending.is_some();
        let (mut save, mut dismiss) = (false, false);
        let modal = egui::Modal::new(egui::Id::unique("analyst-prompt")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.label(RichText::new(if first { "Who is entering this?" } else { "Analyst" }).heading());
            ui.add(
                egui::Label::new(
                    "Your name is recorded with the statements you add or change, so colleagues \
                     sharing the store can see who coded what.",
                )
                .wrap(),
            );
            ui.add_space(6.0);
            let mut enter = false;
            let l = ui.label("Name");
            let name = ui
                .add(egui::TextEdit::singleline(&mut prompt.name).desired_width(f32::INFINITY))
                .labelled_by(l.id);
            if std::mem::take(&mut prompt.focus) {
                name.request_focus();
            }
            enter |= name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let l = ui.label("E-mail (optional)");
            let email = ui
                .add(
                    egui::TextEdit::singleline(&mut prompt.email)
                        .hint_text("shown on hover beside your name")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            enter |= email.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if let Some(e) = &prompt.error {
                ui.label(RichText::new(e).color(theme::error_text(dark)));
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                save = ui.button("Save").clicked() || enter;
                let later = if first { "Not now" } else { "Cancel" };
                let hover = if first {
                    "Save this edit without a name; you will not be asked again until the app restarts"
                } else {
                    "Keep the name as it was"
                };
                dismiss = ui.button(later).on_hover_text(hover).clicked();
            });
        });
        if save {
            self.answer_analyst_prompt(ctx, true);
        } else if dismiss || modal.should_close() {
            self.answer_analyst_prompt(ctx, false);
        }
    }

    pub(super) fn import_report_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some((path, report, compare_only)) = &self.import_report else { return };
        egui::Modal::new(egui::Id::unique("import-report")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            let title = if *compare_only {
                format!("What importing {} would change", file_name(path))
            } else {
                format!("Imported {}", file_name(path))
            };
            ui.label(RichText::new(title).heading());
            ui.label(report.headline());
            if !report.conflicts.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("Conflicts").strong());
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for c in &report.conflicts {
                        ui.label(c.to_string());
                    }
                });
            }
            for n in &report.notes {
                ui.label(RichText::new(n).small());
            }
            ui.add_space(8.0);
            if !*compare_only {
                ui.label(RichText::new("Undo (Ctrl+Z) takes the whole import back.").small());
            }
            if ui.button("Close").clicked() {
                actions.push(Action::CloseReport);
            }
        });
    }
}

/// Whether the window is too narrow for the top bar's words: the undo
/// arrows lose their names and the sync status its time.
pub(super) fn compact_top_bar(ctx: &egui::Context) -> bool {
    ctx.content_rect().width() < 1200.0
}

/// The search box's id.
fn search_box_id() -> egui::Id {
    egui::Id::unique("search-box")
}

/// The menus, built from the command list.
fn menus_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    let ctx = ui.ctx().clone();
    for group in MenuGroup::ALL {
        ui.menu_button(group.label(), |ui| {
            let mut last_tab = None;
            for c in Command::all().into_iter().filter(|c| c.menu() == Ok(group)) {
                // The tabs are a block of their own in the View menu.
                let is_tab = matches!(c, Command::ShowTab(_));
                if (last_tab == Some(true) && !is_tab) || c.starts_section() {
                    ui.separator();
                }
                last_tab = Some(is_tab);
                let button = egui::Button::new(c.label()).shortcut_text(c.shortcut_text(&ctx));
                if ui.add(button).on_hover_text(c.tooltip()).clicked() {
                    actions.push(Action::Command(c));
                    ui.close();
                }
            }
        });
    }
}

fn banner(ui: &mut egui::Ui, fill: Color32, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(12, 6)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(add);
    });
}

/// What a file is asked for, in words: "save the export to".
fn what_for(purpose: &super::effects::DialogPurpose) -> &'static str {
    use super::effects::DialogPurpose;
    match purpose {
        DialogPurpose::Open => "open as the store",
        DialogPurpose::OpenFolder => "open as the store (a store folder)",
        DialogPurpose::New => "create as a new store",
        DialogPurpose::Import => "import",
        DialogPurpose::Export(..) => "save the export to",
        DialogPurpose::IngestFile => "read for ingest",
    }
}
