//! `copy_file_fast`: reflink, else (optionally) hardlink, else an in-kernel copy; always into a
//! temp file in the destination directory, then renamed (atomic).

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use super::PathError;

/// `FICLONE` = `_IOW(0x94, 9, int)`.
pub(crate) const FICLONE: libc::c_ulong = 0x4004_9409;

fn tmp_name(dst: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let name = dst.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let n = N.fetch_add(1, Ordering::Relaxed);
    dst.with_file_name(format!(".{name}.{}.{n}.vireo-tmp", std::process::id()))
}

/// Copy `src` to `dst` atomically; returns "reflink", "hardlink" or "copy".
pub fn copy_file_fast(src: &Path, dst: &Path, allow_hardlink: bool) -> Result<&'static str, PathError> {
    let meta = std::fs::metadata(src).map_err(|e| PathError::new(src, e))?;
    if meta.is_dir() {
        return Err(PathError::new(src, io::Error::from_raw_os_error(libc::EISDIR)));
    }
    if let Some(parent) = dst.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| PathError::new(parent, e))?;
    }
    let tmp = tmp_name(dst);
    let res = (|| -> Result<&'static str, PathError> {
        let s = File::open(src).map_err(|e| PathError::new(src, e))?;
        {
            let d = OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(|e| PathError::new(dst, e))?;
            // SAFETY: FICLONE on two open descriptors; failure leaves dst empty.
            let rc = unsafe { libc::ioctl(d.as_raw_fd(), FICLONE as _, s.as_raw_fd()) };
            if rc == 0 {
                let _ = d.set_permissions(meta.permissions());
                return Ok("reflink");
            }
        }
        if allow_hardlink {
            let _ = std::fs::remove_file(&tmp);
            if std::fs::hard_link(src, &tmp).is_ok() {
                return Ok("hardlink");
            }
        }
        // std::fs::copy uses copy_file_range / sendfile on Linux and copies permissions
        std::fs::copy(src, &tmp).map_err(|e| PathError::new(dst, e))?;
        Ok("copy")
    })();
    match res {
        Ok(how) => match std::fs::rename(&tmp, dst) {
            Ok(()) => Ok(how),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(PathError::new(dst, e))
            }
        },
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}
