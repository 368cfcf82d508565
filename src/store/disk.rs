//! The low-level file rules every store file, backup and import follows:
//! the real path behind a symlink, bounded reads of regular files only,
//! paths that are never a store (locks, backups), the file's identity for
//! spotting another program's change, mode and group kept across a save, and
//! the atomic exchange of two files.

use std::fs::{self, File, OpenOptions};
use std::hash::Hasher;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use super::error::StoreError;

/// The largest store file read (a store of a million statements is about 1 GB).
pub const MAX_STORE_BYTES: u64 = 2 << 30;
/// The largest file `import` and the merge driver read.
pub const MAX_IMPORT_BYTES: u64 = 2 << 30;
/// The largest text `ingest` reads (a long live blog is 100 KB).
pub const MAX_TEXT_BYTES: u64 = 64 << 20;

/// The file a path names, symlinks followed: the lock, temporary files and
/// backups live beside it, and a save writes through the link. A path that
/// does not exist yet resolves its folder.
pub fn real_path(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    // A dangling link: write where it points.
    if let Ok(target) = fs::read_link(path) {
        let target = if target.is_absolute() { target } else { parent_of(path).join(target) };
        return real_path(&target);
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => {
            fs::canonicalize(dir).map(|d| d.join(name)).unwrap_or_else(|_| path.to_owned())
        }
        _ => std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_owned()),
    }
}

/// The folder holding `path` (`.` for a bare name).
pub fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The prefix of the temporary files a save of `path` writes beside it
/// (`.store.ron.` … `.tmp`): hidden, and found again after a crash.
pub fn temp_prefix(path: &Path) -> String {
    format!(".{}.", path.file_name().unwrap_or_default().to_string_lossy())
}

/// Why `path` can never be a store to write, if it cannot: a lock file, a
/// temporary file, or a file inside a store's backups folder.
pub fn not_a_store(path: &Path) -> Option<String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.ends_with(".lock") {
        return Some("this is a store's lock file, not a store; give the store itself".into());
    }
    if name.starts_with('.') && name.ends_with(".tmp") {
        return Some("this is a temporary file left by a save, not a store".into());
    }
    let inside_backups = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().ends_with(".backups")));
    if inside_backups {
        return Some(
            "this is a backup; backups are never edited in place (open it read-only, or restore it \
             from the app with File › Open latest backup)"
                .into(),
        );
    }
    None
}

/// Refuses what is not a regular file (a folder, a device, a FIFO, a socket)
/// and a file larger than `limit`. `what` names the file in the message ("a store").
pub fn check_regular(path: &Path, meta: &fs::Metadata, limit: u64, what: &str) -> Result<(), StoreError> {
    let refuse = |reason: String| Err(StoreError::Refused { path: path.to_owned(), reason });
    if meta.is_dir() {
        return refuse(format!("this is a folder; {what} is a file"));
    }
    if !meta.is_file() {
        return refuse(format!(
            "this is not a regular file (a device, a pipe or a socket); {what} must be a file on disk"
        ));
    }
    if meta.len() > limit {
        return refuse(format!(
            "this file is {}; {what} is limited to {}, so it was not read",
            size_text(meta.len()),
            size_text(limit)
        ));
    }
    Ok(())
}

/// A size in words: "1.5 GB", "640 KB".
pub fn size_text(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// Reads a whole regular file of at most `limit` bytes: folders, devices,
/// FIFOs and larger files are refused before anything is read, and a file
/// that grows while it is read stops at the limit. Never blocks on a FIFO.
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, StoreError> {
    let io_err =
        |action: &'static str| move |source| StoreError::Io { path: path.to_owned(), action, source };
    let meta = fs::metadata(path).map_err(io_err("read"))?;
    check_regular(path, &meta, limit, what)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO swapped in after the check must not block the open.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(io_err("read"))?;
    let meta = file.metadata().map_err(io_err("read"))?;
    check_regular(path, &meta, limit, what)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io_err("read"))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::Refused {
            path: path.to_owned(),
            reason: format!(
                "this file grew past {} while it was read; {what} is limited to that",
                size_text(limit)
            ),
        });
    }
    Ok(bytes)
}

/// Why the store cannot be written by this user, if it cannot: the file has
/// no write permission for anyone, the user may not write it, or its folder
/// is not writable (no temporary file could be made beside it).
pub fn why_not_writable(real: &Path) -> Option<String> {
    let meta = fs::metadata(real).ok()?;
    if meta.permissions().readonly() {
        return Some(format!("the file is not writable (permissions {})", mode_text(&meta)));
    }
    #[cfg(unix)]
    {
        use rustix::fs::Access;
        if rustix::fs::access(real, Access::WRITE_OK).is_err() {
            return Some(format!(
                "you have no permission to write the file (permissions {})",
                mode_text(&meta)
            ));
        }
        if rustix::fs::access(parent_of(real), Access::WRITE_OK | Access::EXEC_OK).is_err() {
            return Some("its folder is not writable, so no save can be made beside it".into());
        }
    }
    None
}

fn mode_text(meta: &fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        let mut s = String::with_capacity(9);
        for shift in [6, 3, 0] {
            let bits = (mode >> shift) & 7;
            s.push(if bits & 4 != 0 { 'r' } else { '-' });
            s.push(if bits & 2 != 0 { 'w' } else { '-' });
            s.push(if bits & 1 != 0 { 'x' } else { '-' });
        }
        s
    }
    #[cfg(not(unix))]
    {
        if meta.permissions().readonly() { "read-only".into() } else { "writable".into() }
    }
}

/// Gives `file` (a temporary file about to replace `like`) the mode, group
/// and, for root, the owner of `like`: a save keeps a group-shared store
/// shared. Best effort for the owner and group (a user may only give a file
/// to their own groups).
pub fn copy_permissions(file: &File, like: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(like.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let root = rustix::process::geteuid().is_root();
        let uid = root.then_some(like.uid());
        let _ = std::os::unix::fs::fchown(file, uid, Some(like.gid()));
    }
    Ok(())
}

/// What identifies the file at a path as the one we last read or wrote:
/// device and inode (the same file, not a replacement), size and
/// modification time (not written in place).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    dev: u64,
    ino: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Identity {
    /// The identity of the file at `path` now, if there is one.
    pub fn of(path: &Path) -> Option<Identity> {
        fs::metadata(path).ok().map(|m| Identity::from_meta(&m))
    }

    /// The identity of a file from its metadata.
    pub fn from_meta(m: &fs::Metadata) -> Identity {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        Identity { dev, ino, len: m.len(), modified: m.modified().ok() }
    }
}

/// A fast hash of a file's bytes, to tell a real change from a file rewritten
/// with the same content.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// The hash of the file at `path` now, read whole (bounded like a store).
pub fn hash_of_file(path: &Path) -> Option<u64> {
    read_bounded(path, MAX_STORE_BYTES, "a store").ok().map(|b| content_hash(&b))
}

/// Swaps two files atomically (`renameat2` with `RENAME_EXCHANGE`): after it,
/// `a` holds what `b` held and the other way round, with no instant at which
/// either name is missing. `Unsupported` where the system or the file system
/// cannot do it; the caller then renames.
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
                Err(io::Error::new(io::ErrorKind::Unsupported, "this file system cannot exchange files"))
            }
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange on this system"))
    }
}

/// Flushes a folder, so that a rename in it is durable.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Flushes a folder (Windows journals renames; nothing to do).
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companions_of_a_store_are_never_stores() {
        assert!(not_a_store(Path::new("/x/store.ron.lock")).is_some());
        assert!(not_a_store(Path::new("/x/store.ron.backups/store.20250101T000000.000Z.ron")).is_some());
        assert!(not_a_store(Path::new("/x/.store.ron.abc123.tmp")).is_some());
        assert!(not_a_store(Path::new("/x/store.ron")).is_none());
        assert!(not_a_store(Path::new("store.conflict-20250101T000000Z.ron")).is_none());
    }

    #[test]
    fn devices_folders_and_big_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_bounded(dir.path(), 10, "a store").unwrap_err();
        assert!(e.to_string().contains("this is a folder"), "{e}");
        #[cfg(unix)]
        {
            let e = read_bounded(Path::new("/dev/zero"), 10, "a store").unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        let f = dir.path().join("big.ron");
        fs::write(&f, vec![b'x'; 11]).unwrap();
        let e = read_bounded(&f, 10, "a store").unwrap_err();
        assert!(e.to_string().contains("limited to"), "{e}");
        assert_eq!(read_bounded(&f, 11, "a store").unwrap().len(), 11);
    }

    #[test]
    fn a_symlink_resolves_to_its_target_even_before_the_target_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("s.ron"), dir.path().join("link.ron")).unwrap();
            let resolved = real_path(&dir.path().join("link.ron"));
            assert_eq!(resolved, fs::canonicalize(&real).unwrap().join("s.ron"));
        }
    }
}
