//! The one list of commands: label, tooltip, shortcuts, the menu it lives
//! in and where its keys work. Menus, the command palette and key handling
//! are all built from it, and a test fails when two commands could answer
//! the same key at once, or a command is reachable from no menu without a reason.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::Tab;

/// Something the analyst can ask for by menu, palette or shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Open the command palette.
    Palette,
    /// Start a new statement in the editor.
    NewStatement,
    /// Focus the search box.
    Find,
    /// Save now (autosave also runs within a second of every edit).
    SaveNow,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Delete the selected statement.
    DeleteSelection,
    /// Duplicate the selected statement into a new one.
    DuplicateSelection,
    /// Edit the selected statement.
    EditSelection,
    /// Open another store file.
    OpenStore,
    /// Open a store folder (a header and a file per day).
    OpenStoreFolder,
    /// Create a new, empty store file.
    NewStore,
    /// Open the latest backup of the store.
    OpenLatestBackup,
    /// Merge a colleague's store file into this one.
    Import,
    /// Record a briefing (what the Export tab's brief covers) without exporting.
    MarkBriefing,
    /// Manage actors and topics.
    ManageActorsTopics,
    /// The events window: list, search, add, edit, delete dated events.
    Events,
    /// Start a new event in the events window.
    NewEvent,
    /// The lexicon window: the phrases analysts taught ingest, to read, edit, add or remove.
    Lexicon,
    /// Name the analyst recorded with the statements added or changed.
    Analyst,
    /// Make the store a shared one (a git repository with a remote), converting a file to a folder first.
    ShareStore,
    /// Clone a shared store into a new folder and open it.
    OpenSharedStore,
    /// Sync the shared store: commit, fetch, merge, push.
    Sync,
    /// The conflicts a sync set aside, side by side, to decide.
    Conflicts,
    /// When to sync (on open, on a timer, on exit) and which conflicts to list.
    SyncSettings,
    /// Show a tab.
    ShowTab(Tab),
    /// Show or hide the filter panel.
    ToggleFilters,
    /// Show or hide the detail panel.
    ToggleDetail,
    /// Clear every filter and the search.
    ClearFilters,
    /// Follow the system theme, or force light or dark.
    CycleTheme,
    /// Show or hide the frame timings overlay.
    ToggleFrameTimings,
    /// Save the statement being edited (Ctrl+Enter in the form).
    SubmitForm,
    /// Close the form without saving (Esc in the form).
    CancelForm,
    /// Empty the search box (Esc in it).
    ClearSearch,
}

/// The menu a command lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MenuGroup {
    /// Stores, backups, imports, sharing and sync.
    File,
    /// Statements, undo, actors and topics.
    Edit,
    /// Tabs, panels, search, theme.
    View,
}

impl MenuGroup {
    /// Every menu, left to right.
    pub const ALL: [MenuGroup; 3] = [MenuGroup::File, MenuGroup::Edit, MenuGroup::View];

    /// The menu's title.
    pub fn label(self) -> &'static str {
        match self {
            MenuGroup::File => "File",
            MenuGroup::Edit => "Edit",
            MenuGroup::View => "View",
        }
    }
}

/// Where a command's keys work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Anywhere in the window.
    Global,
    /// While the statement form is open and the search box does not have the keyboard.
    Form,
    /// While the search box has the keyboard.
    Search,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn ctrl_alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl Command {
    /// Every command, in menu order (File, Edit, View), then those reached
    /// from a form or the search box.
    pub fn all() -> Vec<Command> {
        let mut v = vec![
            Command::OpenStore,
            Command::OpenStoreFolder,
            Command::NewStore,
            Command::SaveNow,
            Command::OpenLatestBackup,
            Command::Import,
            Command::ShareStore,
            Command::OpenSharedStore,
            Command::Sync,
            Command::Conflicts,
            Command::SyncSettings,
            Command::MarkBriefing,
            Command::Undo,
            Command::Redo,
            Command::NewStatement,
            Command::EditSelection,
            Command::DuplicateSelection,
            Command::DeleteSelection,
            Command::ManageActorsTopics,
            Command::Events,
            Command::NewEvent,
            Command::Lexicon,
            Command::Analyst,
        ];
        v.extend(Tab::ALL.iter().map(|&t| Command::ShowTab(t)));
        v.extend([
            Command::Find,
            Command::ClearFilters,
            Command::ToggleFilters,
            Command::ToggleDetail,
            Command::CycleTheme,
            Command::ToggleFrameTimings,
            Command::Palette,
        ]);
        v.extend([Command::SubmitForm, Command::CancelForm, Command::ClearSearch]);
        v
    }

    /// The menu the command is in, or why it is in none (it is reached
    /// another way, which the reason names).
    pub fn menu(self) -> Result<MenuGroup, &'static str> {
        match self {
            Command::OpenStore
            | Command::OpenStoreFolder
            | Command::NewStore
            | Command::SaveNow
            | Command::OpenLatestBackup
            | Command::Import
            | Command::ShareStore
            | Command::OpenSharedStore
            | Command::Sync
            | Command::Conflicts
            | Command::SyncSettings
            | Command::MarkBriefing => Ok(MenuGroup::File),
            Command::Undo
            | Command::Redo
            | Command::NewStatement
            | Command::EditSelection
            | Command::DuplicateSelection
            | Command::DeleteSelection
            | Command::ManageActorsTopics
            | Command::Events
            | Command::NewEvent
            | Command::Lexicon
            | Command::Analyst => Ok(MenuGroup::Edit),
            Command::ShowTab(_)
            | Command::Find
            | Command::ClearFilters
            | Command::ToggleFilters
            | Command::ToggleDetail
            | Command::CycleTheme
            | Command::ToggleFrameTimings
            | Command::Palette => Ok(MenuGroup::View),
            Command::SubmitForm => Err("the form's Save statement button"),
            Command::CancelForm => Err("the form's Cancel button"),
            Command::ClearSearch => {
                Err("Esc in the search box; View › Clear filters and search empties it too")
            }
        }
    }

    /// Whether a separator comes before it in its menu (sharing and sync
    /// are a block of their own in the File menu).
    pub fn starts_section(self) -> bool {
        matches!(self, Command::ShareStore | Command::MarkBriefing)
    }

    /// Where the command's keys work.
    pub fn scope(self) -> Scope {
        match self {
            Command::SubmitForm | Command::CancelForm => Scope::Form,
            Command::ClearSearch => Scope::Search,
            _ => Scope::Global,
        }
    }

    /// The name shown in menus and the palette.
    pub fn label(self) -> String {
        match self {
            Command::Palette => "Command palette…".into(),
            Command::NewStatement => "New statement".into(),
            Command::Find => "Search".into(),
            Command::SaveNow => "Save now".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::DeleteSelection => "Delete statement".into(),
            Command::DuplicateSelection => "Duplicate statement".into(),
            Command::EditSelection => "Edit statement".into(),
            Command::OpenStore => "Open store…".into(),
            Command::OpenStoreFolder => "Open store folder…".into(),
            Command::NewStore => "New store…".into(),
            Command::OpenLatestBackup => "Open latest backup".into(),
            Command::Import => "Import a colleague's store…".into(),
            Command::MarkBriefing => "Mark briefing".into(),
            Command::ManageActorsTopics => "Actors and topics…".into(),
            Command::Events => "Events…".into(),
            Command::NewEvent => "New event".into(),
            Command::Lexicon => "Lexicon…".into(),
            Command::Analyst => "Analyst…".into(),
            Command::ShareStore => "Share this store…".into(),
            Command::OpenSharedStore => "Open a shared store…".into(),
            Command::Sync => "Sync now".into(),
            Command::Conflicts => "Conflicts…".into(),
            Command::SyncSettings => "Sync settings…".into(),
            Command::ShowTab(t) => format!("Show {}", t.label()),
            Command::ToggleFilters => "Show or hide filters".into(),
            Command::ToggleDetail => "Show or hide the detail panel".into(),
            Command::ClearFilters => "Clear filters and search".into(),
            Command::CycleTheme => "Theme: system, light, dark".into(),
            Command::ToggleFrameTimings => "Frame timings".into(),
            Command::SubmitForm => "Save statement".into(),
            Command::CancelForm => "Cancel".into(),
            Command::ClearSearch => "Clear the search".into(),
        }
    }

    /// A short name for a button beside the thing it acts on ("Edit" on a statement).
    pub fn short_label(self) -> String {
        match self {
            Command::EditSelection => "Edit".into(),
            Command::DuplicateSelection => "Duplicate".into(),
            Command::DeleteSelection => "Delete".into(),
            Command::NewStatement => "New".into(),
            other => other.label(),
        }
    }

    /// One sentence on what the command does.
    pub fn tooltip(self) -> &'static str {
        match self {
            Command::Palette => "Find any command by typing part of its name",
            Command::NewStatement => "Add a statement: actor, speaker, date, quote and positions",
            Command::Find => "Search every statement; filters like actor:kremlin topic:ceasefire work too",
            Command::SaveNow => "Write the store to disk now (edits are also saved within a second)",
            Command::Undo => "Undo the last change to the store",
            Command::Redo => "Redo the change you undid",
            Command::DeleteSelection => "Delete the selected statement (Undo brings it back)",
            Command::DuplicateSelection => "Start a new statement from a copy of the selected one",
            Command::EditSelection => "Edit the selected statement",
            Command::OpenStore => "Open another store file",
            Command::OpenStoreFolder => "Open a store kept as a folder (a header and a file per day)",
            Command::NewStore => "Create a new store file with the sample's actors and topics",
            Command::OpenLatestBackup => {
                "Open the most recent backup of this store, read-only, to compare or restore"
            }
            Command::Import => {
                "Merge another store file (RON or JSON) into this one by statement id; a backup is kept first"
            }
            Command::ManageActorsTopics => "Add, rename or recolour actors, their speakers, and topics",
            Command::Events => {
                "The dated events (summits, calls, talks, truces…) that give the statements context: find, add, edit, delete"
            }
            Command::NewEvent => "Add a dated event: date, title, kind, actors, place and source",
            Command::Lexicon => {
                "The phrases analysts taught ingest by correcting its candidates (topics, stances, speakers, actors): what each means, who taught it; edit, add or remove"
            }
            Command::Analyst => {
                "Your name (and e-mail), recorded with the statements you add or change so that colleagues sharing the store see who coded what"
            }
            Command::ShareStore => {
                "Share the store with colleagues through a git remote (a server, or a folder on a shared drive)"
            }
            Command::OpenSharedStore => {
                "Copy a store colleagues share into a new folder on this computer and open it"
            }
            Command::Sync => {
                "Send your changes to the shared store and receive your colleagues' (commit, fetch, merge, push)"
            }
            Command::Conflicts => {
                "Statements both sides changed: the two versions side by side, to keep one or combine them"
            }
            Command::SyncSettings => {
                "When to sync (on open, every few minutes, on closing) and which conflicts to list"
            }
            Command::MarkBriefing => {
                "Record a briefing now, covering what the Export tab's brief covers: “Since last briefing” then compares with it"
            }
            Command::ShowTab(t) => t.tooltip(),
            Command::ToggleFilters => "Show or hide the filter panel on the left",
            Command::ToggleDetail => "Show or hide the statement panel on the right",
            Command::ClearFilters => "Show every statement again",
            Command::CycleTheme => "Switch between the system theme, light and dark",
            Command::ToggleFrameTimings => {
                "Show how long each frame takes on the UI thread: the last, the median and the 95th percentile"
            }
            Command::SubmitForm => "Save the statement being edited",
            Command::CancelForm => "Close the form without saving",
            Command::ClearSearch => "Empty the search box",
        }
    }

    /// The keyboard shortcuts, most specific first.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        match self {
            Command::Palette => vec![ctrl(Key::K), ctrl_shift(Key::P)],
            Command::NewStatement => vec![ctrl(Key::N)],
            Command::Find => vec![ctrl(Key::F)],
            Command::SaveNow => vec![ctrl(Key::S)],
            Command::Undo => vec![ctrl(Key::Z)],
            Command::Redo => vec![ctrl_shift(Key::Z), ctrl(Key::Y)],
            Command::DeleteSelection => vec![plain(Key::Delete)],
            Command::DuplicateSelection => vec![ctrl(Key::D)],
            Command::EditSelection => vec![ctrl(Key::E)],
            Command::OpenStore => vec![ctrl(Key::O)],
            Command::OpenStoreFolder => vec![],
            Command::NewStore => vec![ctrl_shift(Key::N)],
            Command::OpenLatestBackup => vec![],
            Command::Import => vec![ctrl(Key::I)],
            Command::MarkBriefing => vec![],
            Command::ManageActorsTopics => vec![ctrl_shift(Key::A)],
            Command::Events => vec![ctrl_shift(Key::E)],
            Command::NewEvent | Command::Lexicon | Command::Analyst => vec![],
            Command::Sync => vec![ctrl_shift(Key::S)],
            Command::ShareStore | Command::OpenSharedStore | Command::Conflicts | Command::SyncSettings => {
                vec![]
            }
            Command::ShowTab(t) => vec![ctrl(t.key())],
            Command::ToggleFilters => vec![ctrl(Key::B)],
            Command::ToggleDetail => vec![ctrl_alt(Key::B)],
            Command::ClearFilters => vec![ctrl_shift(Key::X)],
            Command::CycleTheme | Command::ToggleFrameTimings => vec![],
            Command::SubmitForm => vec![ctrl(Key::Enter)],
            Command::CancelForm | Command::ClearSearch => vec![plain(Key::Escape)],
        }
    }

    /// Whether the shortcut may fire while a text field has the keyboard
    /// (Ctrl+K yes; Delete and Ctrl+Z belong to the text field then).
    pub fn works_while_typing(self) -> bool {
        !matches!(
            self,
            Command::Undo | Command::Redo | Command::DeleteSelection | Command::DuplicateSelection
        )
    }

    /// The first shortcut as text for menus ("Ctrl+K").
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s)).unwrap_or_default()
    }
}

/// Finds the command whose shortcut was pressed this frame, among those
/// whose scope is `active`, consuming the key. Shortcuts with more
/// modifiers are tried first, so Ctrl+Shift+Z is never taken for Ctrl+Z.
pub fn pressed(ctx: &egui::Context, active: &[Scope]) -> Option<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    let mut all: Vec<(KeyboardShortcut, Command)> = Command::all()
        .into_iter()
        .filter(|c| active.contains(&c.scope()))
        .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, c)))
        .collect();
    all.sort_by_key(|(s, _)| {
        std::cmp::Reverse(s.modifiers.shift as u8 + s.modifiers.alt as u8 + s.modifiers.command as u8)
    });
    ctx.input_mut(|i| {
        all.into_iter()
            .find(|(s, c)| (!typing || c.works_while_typing()) && i.consume_shortcut(s))
            .map(|(_, c)| c)
    })
}

/// The scopes whose keys work now: the search box's while it has the
/// keyboard, else the form's while a form is open; global ones always.
pub fn active_scopes(search_focused: bool, form_open: bool) -> Vec<Scope> {
    let mut v = vec![Scope::Global];
    if search_focused {
        v.push(Scope::Search);
    } else if form_open {
        v.push(Scope::Form);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_answer_the_same_key_at_once() {
        // Every combination of scopes that can be active together.
        let situations = [active_scopes(false, false), active_scopes(false, true), active_scopes(true, true)];
        for active in &situations {
            let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
            for c in Command::all().into_iter().filter(|c| active.contains(&c.scope())) {
                for s in c.shortcuts() {
                    if let Some((_, other)) = seen.iter().find(|(t, _)| *t == s) {
                        panic!("{other:?} and {c:?} both answer {s:?} when {active:?} are active");
                    }
                    seen.push((s, c));
                }
            }
            assert!(seen.len() >= 15);
        }
        // Esc in the search box clears it and never also cancels an open form.
        assert!(!active_scopes(true, true).contains(&Scope::Form));
    }

    #[test]
    fn every_command_is_in_a_menu_or_says_how_else_it_is_reached() {
        for c in Command::all() {
            match c.menu() {
                Ok(_) => {}
                Err(reason) => assert!(reason.len() > 10, "{c:?} needs a real reason"),
            }
        }
        for g in MenuGroup::ALL {
            assert!(Command::all().iter().any(|c| c.menu() == Ok(g)), "{g:?} is not empty");
        }
        assert_eq!(Command::Import.menu(), Ok(MenuGroup::File), "Import (Ctrl+I) is in the File menu");
    }

    #[test]
    fn the_issue_s_shortcuts_are_bound() {
        let has = |c: Command, s: KeyboardShortcut| c.shortcuts().contains(&s);
        assert!(has(Command::NewStatement, ctrl(Key::N)));
        assert!(has(Command::Find, ctrl(Key::F)));
        assert!(has(Command::SaveNow, ctrl(Key::S)));
        assert!(has(Command::Palette, ctrl(Key::K)));
        assert!(has(Command::Undo, ctrl(Key::Z)));
        assert!(has(Command::Redo, ctrl_shift(Key::Z)) && has(Command::Redo, ctrl(Key::Y)));
        assert!(has(Command::DeleteSelection, plain(Key::Delete)));
        assert!(has(Command::Events, ctrl_shift(Key::E)));
    }

    #[test]
    fn every_command_has_a_label_and_tooltip() {
        for c in Command::all() {
            assert!(!c.label().is_empty() && !c.tooltip().is_empty(), "{c:?}");
        }
    }
}
