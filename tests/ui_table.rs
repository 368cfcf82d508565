#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

//! The statements table as it reads (issue 12): the whole app under
//! egui_kittest at laptop sizes, with the detail panel open and closed, and
//! the table alone for what the sample does not show (a statement with many
//! positions, one not graded) and for resizing. Rectangles come from the
//! accessibility tree: the column headers (role ColumnHeader), the column
//! and panel borders (role Splitter).

mod common;

use common::TempStore;
use common::app::open_app_at;
use egui::accesskit::Role;
use egui::{Modifiers, Rect, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use stancebook::app::StancebookApp;
use stancebook::model::{Credibility, Reliability, Stance};
use stancebook::ui::{Action, ViewData, statements};

/// What the table looks like in the accessibility tree.
#[derive(Debug)]
struct Seen {
    /// The central panel's span across (between the side panels' borders).
    central: (f32, f32),
    /// Every column header: its label and rectangle.
    headers: Vec<(String, Rect)>,
    /// The borders between columns (x).
    borders: Vec<f32>,
}

impl Seen {
    fn of<S>(tree: &Harness<'_, S>, width: f32) -> Seen {
        let centre_x = |r: Rect| r.center().x;
        let panels: Vec<f32> = tree
            .query_all_by_role_and_label(Role::Splitter, "Resize panel")
            .map(|n| centre_x(rect(&n)))
            .collect();
        let left = panels.iter().copied().filter(|&x| x < width / 2.0).fold(0.0, f32::max);
        let right = panels.iter().copied().filter(|&x| x > width / 2.0).fold(width, f32::min);
        let headers = tree
            .query_all_by_role(Role::ColumnHeader)
            .map(|n| (n.accesskit_node().label().unwrap_or_default(), rect(&n)))
            .collect();
        let mut borders: Vec<f32> = tree
            .query_all_by(|n| {
                n.role() == Role::Splitter && n.label().is_some_and(|l| l.starts_with("Resize the "))
            })
            .map(|n| centre_x(rect(&n)))
            .collect();
        borders.sort_by(f32::total_cmp);
        Seen { central: (left, right), headers, borders }
    }

    fn header(&self, title: &str) -> Option<Rect> {
        self.headers.iter().find(|(l, _)| l.trim_end_matches([' ', '▼', '▲']) == title).map(|&(_, r)| r)
    }

    /// A column's span across: from the border before its header to the one after.
    fn column(&self, title: &str) -> (f32, f32) {
        let h = self.header(title).unwrap_or_else(|| panic!("a {title} header in {self:?}"));
        let left = self.borders.iter().copied().filter(|&x| x < h.center().x).fold(self.central.0, f32::max);
        let right = self.borders.iter().copied().filter(|&x| x > h.center().x).fold(self.central.1, f32::min);
        (left, right)
    }

    fn quote_width(&self) -> f32 {
        let (l, r) = self.column("Quote");
        r - l
    }

    /// Every header lies inside the window and the central panel.
    #[track_caller]
    fn assert_inside(&self, size: [f32; 2], what: &str) {
        let window = Rect::from_min_size(pos2(0.0, 0.0), vec2(size[0], size[1]));
        assert!(self.headers.len() >= 4, "{what}: the headers are there: {self:?}");
        for (label, r) in &self.headers {
            assert!(window.contains_rect(*r), "{what}: {label} at {r:?} is outside the window");
            assert!(
                r.left() >= self.central.0 && r.right() <= self.central.1,
                "{what}: {label} at {r:?} is outside the central panel {:?}",
                self.central
            );
        }
    }
}

fn rect<'t>(n: &impl NodeT<'t>) -> Rect {
    let b = n.accesskit_node().bounding_box().expect("a node with bounds");
    // The harness runs at 1 point per pixel.
    Rect::from_min_max(pos2(b.x0 as f32, b.y0 as f32), pos2(b.x1 as f32, b.y1 as f32))
}

/// Whether the detail panel shows (collapsed, it leaves its border at the window's edge).
fn detail_open(h: &Harness<'static, StancebookApp>, width: f32) -> bool {
    h.query_all_by_role_and_label(Role::Splitter, "Resize panel").any(|n| {
        let x = rect(&n).center().x;
        x > width / 2.0 && x < width - 10.0
    })
}

/// The row (its vertical span) that shows the quote containing `words`.
fn row_of(h: &Harness<'static, StancebookApp>, words: &str) -> (f32, f32) {
    let r = rect(&h.get_by_label_contains(words));
    (r.top() - 6.0, r.bottom() + 6.0)
}

/// The labels drawn in the central panel on the row spanning `ys`.
fn row_labels(h: &Harness<'static, StancebookApp>, ys: (f32, f32), central: (f32, f32)) -> Vec<String> {
    h.query_all_by(|n| n.role() == Role::Label)
        .filter(|n| {
            let r = rect(n);
            r.center().y > ys.0 && r.center().y < ys.1 && r.left() >= central.0
        })
        .filter_map(|n| n.accesskit_node().value())
        .collect()
}

#[test]
fn the_table_fits_the_central_panel_and_the_quote_takes_the_width_there_is() {
    for size in [[1024.0, 640.0], [1280.0, 800.0]] {
        let t = TempStore::sample();
        let mut h = open_app_at(&t, size);
        h.get_by_label("Statements").click();
        h.run();
        assert!(!detail_open(&h, size[0]), "{size:?}: nothing selected, no detail panel");
        let closed = Seen::of(&h, size[0]);
        closed.assert_inside(size, &format!("{size:?}, detail closed"));
        assert!(closed.quote_width() >= 200.0, "{size:?}: {closed:?}");
        for title in ["Date", "Actor", "Positions", "Quote", "Verification", "Reliability"] {
            assert!(closed.header(title).is_some(), "{size:?}: a {title} header in {closed:?}");
        }

        // Select a statement: the detail panel opens and the table fits what is left.
        h.get_by_label_contains("could lay the foundation").click();
        h.run();
        assert!(detail_open(&h, size[0]), "{size:?}: a selection opens the detail panel");
        let open = Seen::of(&h, size[0]);
        open.assert_inside(size, &format!("{size:?}, detail open"));
        if size[0] >= 1280.0 {
            assert!(open.quote_width() >= 200.0, "{size:?}: the quote keeps 200 points: {open:?}");
        }
        assert!(
            closed.quote_width() > open.quote_width() + 20.0,
            "{size:?}: closing the panel widens the quote: {} vs {}",
            closed.quote_width(),
            open.quote_width()
        );

        eprintln!(
            "{size:?}: quote {} wide with the detail panel closed, {} open; headers open: {:?}",
            closed.quote_width(),
            open.quote_width(),
            open.headers.iter().map(|h| h.0.as_str()).collect::<Vec<_>>()
        );
        // Ctrl+Alt+B closes it: the width comes back, the same as before.
        h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::ALT), egui::Key::B);
        h.run();
        assert!(!detail_open(&h, size[0]), "{size:?}: Ctrl+Alt+B hides the detail panel");
        let again = Seen::of(&h, size[0]);
        again.assert_inside(size, &format!("{size:?}, detail closed again"));
        assert!(
            (again.quote_width() - closed.quote_width()).abs() < 1.0,
            "{size:?}: no stale widths: {again:?} vs {closed:?}"
        );
        // …and opens it again.
        h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::ALT), egui::Key::B);
        h.run();
        let reopened = Seen::of(&h, size[0]);
        reopened.assert_inside(size, &format!("{size:?}, detail reopened"));
        assert!((reopened.quote_width() - open.quote_width()).abs() < 1.0, "{reopened:?} vs {open:?}");
    }
}

#[test]
fn rows_read_their_verification_and_grading_and_sort_by_them() {
    let size = [1280.0, 800.0];
    let t = TempStore::sample();
    let mut h = open_app_at(&t, size);
    h.get_by_label("Statements").click();
    h.run();
    let seen = Seen::of(&h, size[0]);
    // Putin, 21 Nov 2025, in The Moscow Times: confirmed, B2.
    let row = row_labels(&h, row_of(&h, "could lay the foundation"), seen.central);
    assert!(row.iter().any(|l| l == "confirmed"), "{row:?}");
    assert!(row.iter().any(|l| l == "B2"), "{row:?}");
    assert!(row.iter().any(|l| l == "Vladimir Putin"), "{row:?}");

    // Verification, twice: denied and unverified first.
    h.get_by_role_and_label(Role::ColumnHeader, "Verification").click();
    h.run();
    h.get_by_role_and_label(Role::ColumnHeader, "Verification ▲").click();
    h.run();
    h.get_by_role_and_label(Role::ColumnHeader, "Verification ▼");
    let row = row_labels(&h, row_of(&h, "reportedly asking companies"), seen.central);
    assert!(row.iter().any(|l| l == "unverified"), "{row:?}");

    // Reliability: A1 first, so B before C; the other way round, C first.
    h.get_by_role_and_label(Role::ColumnHeader, "Reliability").click();
    h.run();
    h.get_by_role_and_label(Role::ColumnHeader, "Reliability ▲");
    let top = Seen::of(&h, size[0]).header("Reliability").unwrap().bottom();
    let first_grade = h
        .query_all_by(|n| n.role() == Role::Label && n.value().is_some_and(|l| l == "B2" || l == "C2"))
        .min_by(|a, b| rect(a).top().total_cmp(&rect(b).top()))
        .unwrap();
    assert!(rect(&first_grade).top() > top);
    assert_eq!(first_grade.accesskit_node().value().as_deref(), Some("B2"));
}

#[test]
fn the_header_stays_while_the_rows_scroll() {
    let size = [1280.0, 800.0];
    let t = TempStore::sample();
    let mut h = open_app_at(&t, size);
    h.get_by_label("Statements").click();
    h.run();
    let before = Seen::of(&h, size[0]).header("Date").unwrap();
    let first = rect(&h.get_by_label_contains("bilateral security guarantees"));
    h.hover_at(first.center() + vec2(0.0, 200.0));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, -600.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let after = Seen::of(&h, size[0]).header("Date").unwrap();
    assert_eq!(before, after, "the header did not move");
    // The first row went up under the header (or out of the tree: the table is virtualised).
    let gone = h
        .query_by_label_contains("bilateral security guarantees")
        .is_none_or(|n| rect(&n).top() < first.top() - 100.0);
    assert!(gone, "the rows scrolled");
}

// --- The table alone ---------------------------------------------------------

#[derive(Default)]
struct TableTest {
    state: statements::StatementsState,
    last: Option<Action>,
}

/// The sample with its newest statement not graded (F6) and holding a
/// position on every topic.
fn crowded() -> ViewData {
    let mut store = stancebook::store::sample();
    let newest = (0..store.statements.len()).max_by_key(|&i| store.statements[i].date.first_day()).unwrap();
    let topics: Vec<_> = store.topics.iter().map(|t| t.id.clone()).collect();
    let s = &mut store.statements[newest];
    s.source.reliability = Reliability::F;
    s.credibility = Credibility::UNJUDGED;
    s.positions = topics
        .into_iter()
        .enumerate()
        .map(|(k, topic)| stancebook::model::Position::new(topic, Stance::new(k as i64 % 5 - 2).unwrap()))
        .collect();
    ViewData::all(store)
}

fn table_harness(f: &ViewData, size: [f32; 2], memory: Option<egui::Memory>) -> Harness<'_, TableTest> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(move |ctx| {
            // The saved memory first (as eframe restores it), then the fonts and styles.
            if let Some(m) = &memory {
                ctx.memory_mut(|mem| *mem = m.clone());
            }
            stancebook::ui::theme::install(ctx);
        })
        .build_ui_state(
            |ui, s: &mut TableTest| {
                let mut actions = Vec::new();
                statements::statements_ui(ui, &f.view(), &mut s.state, &mut actions);
                if let Some(a) = actions.pop() {
                    s.last = Some(a);
                }
            },
            TableTest::default(),
        )
}

/// The position chips (their labels and rectangles) on the row around `y`.
fn chips_near(h: &Harness<'_, TableTest>, y: f32) -> Vec<(String, Rect)> {
    h.query_all_by(|n| {
        n.role() == Role::Label
            && n.value().is_some_and(|l| l.starts_with(['+', '−', '0']) && !l.contains("more"))
    })
    .map(|n| (n.accesskit_node().value().unwrap(), rect(&n)))
    // Two lines of chips on a row; the next row is 48 points down.
    .filter(|(_, r)| (r.center().y - y).abs() < 30.0)
    .collect()
}

#[test]
fn chips_are_never_cut_and_an_ungraded_source_says_so() {
    let f = crowded();
    let mut h = table_harness(&f, [1100.0, 600.0], None);
    h.run();
    h.get_by_label("not graded");
    // Ten positions on the first row, on two lines, none cut: those that do not fit whole show their value.
    let date = rect(&h.get_by_label("14 Dec 2025")).center().y;
    let (left, right) = Seen::of(&h, 1100.0).column("Positions");
    let chips = chips_near(&h, date);
    assert_eq!(chips.len(), 10, "{chips:?}");
    assert!(h.query_by_label_contains("more: ").is_none());
    // Ten whole chips would need five lines: here every one shows its value (topic and label on hover).
    assert!(chips.iter().any(|(_, r)| r.width() < 30.0), "{chips:?}");
    let (label, first) = &chips[0];
    assert_eq!(label, "−2 Ceasefire");
    h.hover_at(first.center());
    h.run();
    assert!(h.query_all_by_label_contains("Ceasefire: −2 ").count() >= 1, "topic and label on hover");
    for (label, r) in &chips {
        assert!(r.left() >= left && r.right() <= right, "{label} at {r:?} inside {left}..{right}");
    }

    // Narrower: some show, the rest are counted, and none crosses the column's border.
    h.set_size(vec2(800.0, 600.0));
    h.run();
    h.get_by_label("not graded");
    let (left, right) = Seen::of(&h, 800.0).column("Positions");
    let more = h.get_by_label_contains("more: ");
    let label = more.accesskit_node().value().unwrap();
    assert!(label.starts_with('+') && label.contains("more: "), "{label}");
    let counted: usize = label[1..].split(' ').next().unwrap().parse().unwrap();
    let chips = chips_near(&h, date);
    assert_eq!(chips.len() + counted, 10, "every position shown or counted: {chips:?}");
    for r in chips.iter().map(|c| c.1).chain([rect(&more)]) {
        assert!(r.left() >= left && r.right() <= right, "{r:?} inside {left}..{right}");
    }
    // Hover: the rest, topic and label.
    more.hover();
    h.run();
    assert!(h.query_all_by_label_contains("Nuclear deterrence:").count() >= 1, "the rest on hover");
    // The arrow keys select, the first row first.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    let Some(Action::Select(Some(id))) = h.state().last else { panic!("a selection") };
    assert_eq!(f.store.statement(id).unwrap().positions.len(), 10);
}

#[test]
fn a_dragged_column_keeps_its_width_and_the_quote_gives_it_up() {
    let f = crowded();
    // Wide enough for the quote to give up 50 points and keep its share.
    let size = [1600.0, 600.0];
    let mut h = table_harness(&f, size, None);
    h.run();
    let before = Seen::of(&h, size[0]);
    let actor = h.get_by_role_and_label(Role::Splitter, "Resize the Actor column");
    let at = rect(&actor).center();
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.run();
    for dx in [10.0, 30.0, 50.0] {
        h.hover_at(at + vec2(dx, 0.0));
        h.run();
    }
    h.drop_at(at + vec2(50.0, 0.0));
    h.run();
    let after = Seen::of(&h, size[0]);
    let (l0, r0) = before.column("Actor");
    let (l1, r1) = after.column("Actor");
    assert!((l1 - l0).abs() < 1.0 && (r1 - r0 - 50.0).abs() < 2.0, "{before:?} → {after:?}");
    assert!((before.quote_width() - after.quote_width() - 50.0).abs() < 2.0, "the quote gave the width");
    // The keyboard (assistive technology) way: one step narrower.
    h.get_by_role_and_label(Role::Splitter, "Resize the Actor column").decrement_accesskit();
    h.run();
    let stepped = Seen::of(&h, size[0]);
    assert!(stepped.column("Actor").1 < r1 - 8.0, "{stepped:?}");

    // The width lives in egui's persisted memory, which eframe saves: a new
    // window from the saved memory draws the column as the analyst left it.
    let saved = ron::to_string(&h.ctx.memory(|m| m.clone())).unwrap();
    let memory: egui::Memory = ron::from_str(&saved).unwrap();
    drop(h);
    let mut h = table_harness(&f, size, Some(memory));
    h.run();
    let restored = Seen::of(&h, size[0]);
    assert!(
        (restored.column("Actor").1 - stepped.column("Actor").1).abs() < 1.0,
        "{restored:?} vs {stepped:?}"
    );
    // Narrower window: the column keeps its width while the quote has room, and everything fits.
    h.set_size(vec2(1000.0, 600.0));
    h.run();
    let narrow = Seen::of(&h, 1000.0);
    narrow.assert_inside([1000.0, 600.0], "narrower");
    assert!(narrow.quote_width() >= 200.0, "{narrow:?}");
}
