//! The MD5 used for artifact files: our own [`super::md5fast`] (faster than the `md-5` crate
//! and on par with OpenSSL's assembly). `VIREO_MD5=openssl` switches to OpenSSL's MD5 loaded at
//! run time from `libcrypto.so.3` / `.so.1.1` (Linux only; falls back to ours when none loads),
//! for comparisons. Both give identical digests (tested).

use std::sync::OnceLock;

use super::md5fast;

type InitFn = unsafe extern "C" fn(*mut u8) -> i32;
type UpdateFn = unsafe extern "C" fn(*mut u8, *const u8, usize) -> i32;
type FinalFn = unsafe extern "C" fn(*mut u8, *mut u8) -> i32;

/// `MD5_CTX` is 92 bytes in OpenSSL 1.0-3.x; leave room.
const CTX_SIZE: usize = 256;

struct OpenSsl {
    _lib: libloading::Library,
    init: InitFn,
    update: UpdateFn,
    fin: FinalFn,
}

/// Linux only: macOS's system `libcrypto.dylib` aborts a process that loads it unversioned.
#[cfg(not(target_os = "linux"))]
fn load_openssl() -> Option<OpenSsl> {
    None
}

#[cfg(target_os = "linux")]
fn load_openssl() -> Option<OpenSsl> {
    for name in ["libcrypto.so.3", "libcrypto.so.1.1"] {
        // SAFETY: loading libcrypto runs its (well-behaved) initialisers only.
        let Ok(lib) = (unsafe { libloading::Library::new(name) }) else { continue };
        // SAFETY: symbol types match OpenSSL's MD5_Init/MD5_Update/MD5_Final.
        let syms = unsafe {
            (|| -> Result<(InitFn, UpdateFn, FinalFn), libloading::Error> {
                Ok((
                    *lib.get::<InitFn>(b"MD5_Init\0")?,
                    *lib.get::<UpdateFn>(b"MD5_Update\0")?,
                    *lib.get::<FinalFn>(b"MD5_Final\0")?,
                ))
            })()
        };
        if let Ok((init, update, fin)) = syms {
            let o = OpenSsl { _lib: lib, init, update, fin };
            // self-check on a known vector before trusting it
            let mut h = Md5::OpenSsl(Box::new([0u8; CTX_SIZE]));
            if let Md5::OpenSsl(ctx) = &mut h {
                // SAFETY: ctx is a zeroed buffer larger than MD5_CTX.
                unsafe { (o.init)(ctx.as_mut_ptr()) };
                let data = b"abc";
                unsafe { (o.update)(ctx.as_mut_ptr(), data.as_ptr(), data.len()) };
                let mut out = [0u8; 16];
                unsafe { (o.fin)(out.as_mut_ptr(), ctx.as_mut_ptr()) };
                if hex::encode(out) == "900150983cd24fb0d6963f7d28e17f72" {
                    return Some(o);
                }
            }
        }
    }
    None
}

fn openssl() -> Option<&'static OpenSsl> {
    static LIB: OnceLock<Option<OpenSsl>> = OnceLock::new();
    LIB.get_or_init(|| if std::env::var("VIREO_MD5").is_ok_and(|v| v == "openssl") { load_openssl() } else { None })
        .as_ref()
}

/// Name of the implementation in use ("openssl" or "rust").
pub fn backend() -> &'static str {
    if openssl().is_some() {
        "openssl"
    } else {
        "rust"
    }
}

/// An incremental MD5 over whichever backend is available.
pub enum Md5 {
    /// OpenSSL context buffer.
    OpenSsl(Box<[u8; CTX_SIZE]>),
    /// Rust implementation.
    Rust(md5fast::Md5),
}

impl Default for Md5 {
    fn default() -> Self {
        Self::new()
    }
}

impl Md5 {
    /// A fresh hasher.
    pub fn new() -> Md5 {
        match openssl() {
            Some(o) => {
                let mut ctx = Box::new([0u8; CTX_SIZE]);
                // SAFETY: a buffer larger than MD5_CTX.
                unsafe { (o.init)(ctx.as_mut_ptr()) };
                Md5::OpenSsl(ctx)
            }
            None => Md5::Rust(md5fast::Md5::new()),
        }
    }

    /// A fresh hasher on the Rust backend (tests).
    pub fn new_rust() -> Md5 {
        Md5::Rust(md5fast::Md5::new())
    }

    /// Feed bytes.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Md5::OpenSsl(ctx) => {
                let o = openssl().expect("openssl backend");
                // SAFETY: ctx initialised by MD5_Init; data is a valid slice.
                unsafe { (o.update)(ctx.as_mut_ptr(), data.as_ptr(), data.len()) };
            }
            Md5::Rust(h) => h.update(data),
        }
    }

    /// The 16-byte digest.
    pub fn finalize(self) -> [u8; 16] {
        match self {
            Md5::OpenSsl(mut ctx) => {
                let o = openssl().expect("openssl backend");
                let mut out = [0u8; 16];
                // SAFETY: as above.
                unsafe { (o.fin)(out.as_mut_ptr(), ctx.as_mut_ptr()) };
                out
            }
            Md5::Rust(h) => h.finalize(),
        }
    }
}
