//! Python values → owned [`Value`]s. Fast paths for the plain types; anything else goes
//! to the stream's converter callback (`converter(key, value, step)`).

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use vireo_core::json::Value;

/// Outcome of converting without the callback.
pub enum Conv {
    /// Fully converted.
    Done(Value),
    /// Contains a value of another type somewhere (the caller asks the converter).
    Foreign,
}

type AsUtf8AndSize =
    unsafe extern "C" fn(*mut pyo3::ffi::PyObject, *mut pyo3::ffi::Py_ssize_t) -> *const std::ffi::c_char;

/// `PyUnicode_AsUTF8AndSize` is in the limited API only from 3.10 on; the abi3-py39 build
/// looks it up at run time so that 3.10+ reads the cached UTF-8 without a bytes copy.
fn as_utf8_and_size() -> Option<AsUtf8AndSize> {
    static F: std::sync::OnceLock<Option<AsUtf8AndSize>> = std::sync::OnceLock::new();
    *F.get_or_init(|| {
        #[cfg(unix)]
        {
            // SAFETY: dlsym with RTLD_DEFAULT and a NUL-terminated name; a non-null result is
            // the CPython function of that name, whose signature is the one declared above.
            unsafe {
                let p = libc::dlsym(libc::RTLD_DEFAULT, c"PyUnicode_AsUTF8AndSize".as_ptr());
                (!p.is_null()).then(|| std::mem::transmute::<*mut libc::c_void, AsUtf8AndSize>(p))
            }
        }
        #[cfg(not(unix))]
        {
            None
        }
    })
}

/// Slow path for strings holding lone surrogates: each becomes one U+FFFD (what Go's JSON
/// decoder makes of the `\udXXX` escape Python would send).
fn surrogate_str(s: &Bound<'_, PyString>) -> String {
    let units: Option<Vec<u16>> = s
        .call_method1("encode", ("utf-16-le", "surrogatepass"))
        .ok()
        .and_then(|b| b.extract::<Vec<u8>>().ok())
        .map(|b| b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect());
    match units {
        Some(u) => String::from_utf16_lossy(&u),
        None => s.to_string_lossy().into_owned(),
    }
}

/// A Python str → Rust String (lone surrogates are replaced, as Go does for bad UTF-8).
pub fn py_str(s: &Bound<'_, PyString>) -> String {
    if let Some(f) = as_utf8_and_size() {
        let mut n: pyo3::ffi::Py_ssize_t = 0;
        // SAFETY: `s` is a live str object (GIL held); the returned buffer is owned by it and
        // valid UTF-8 of length `n` while `s` lives; we copy it at once.
        unsafe {
            let p = f(s.as_ptr(), &mut n);
            if !p.is_null() {
                let bytes = std::slice::from_raw_parts(p as *const u8, n as usize);
                return std::str::from_utf8_unchecked(bytes).to_owned();
            }
            pyo3::ffi::PyErr_Clear();
        }
        return surrogate_str(s);
    }
    match s.to_cow() {
        Ok(c) => c.into_owned(),
        Err(_) => surrogate_str(s),
    }
}

fn dict_key(k: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return Ok(py_str(s));
    }
    // json.dumps rules for non-str keys.
    if k.is_none() {
        return Ok("null".into());
    }
    if let Ok(b) = k.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.into());
    }
    if k.is_instance_of::<PyInt>() || k.is_instance_of::<PyFloat>() {
        let mut s = String::new();
        match scalar(k)? {
            Some(Value::Float(f)) => vireo_core::json::write_float(&mut s, f),
            Some(v) => s = v.to_json(),
            None => {}
        }
        return Ok(s);
    }
    Err(PyTypeError::new_err(format!(
        "dict keys in logged values must be str, int, float, bool or None, not {}",
        k.get_type().name()?
    )))
}

/// None/bool/int/float/str (exact or subclasses) → Some(value); else None.
#[inline]
fn scalar(v: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    if let Ok(f) = v.cast_exact::<PyFloat>() {
        return Ok(Some(Value::Float(f.value())));
    }
    if v.is_none() {
        return Ok(Some(Value::Null));
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Some(Value::Bool(b.is_true())));
    }
    if v.is_instance_of::<PyInt>() {
        return match v.extract::<i64>() {
            Ok(i) => Ok(Some(Value::Int(i))),
            Err(e) if e.is_instance_of::<PyOverflowError>(v.py()) => {
                Ok(Some(Value::BigInt(v.str()?.to_cow()?.into_owned())))
            }
            Err(e) => Err(e),
        };
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(Some(Value::Float(f.value())));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Some(Value::Str(py_str(s))));
    }
    Ok(None)
}

/// The converter callback plus the step it is told about.
pub struct Converter<'a, 'py> {
    pub func: Option<&'a Bound<'py, PyAny>>,
    pub step: i64,
}

impl<'py> Converter<'_, 'py> {
    /// Ask the callback for a plain replacement of `v`.
    pub fn call(&self, key: &str, v: &Bound<'py, PyAny>) -> PyResult<Value> {
        let Some(f) = self.func else {
            return Err(PyTypeError::new_err(format!(
                "Object of type {} is not JSON serializable (key {key:?})",
                v.get_type().name()?
            )));
        };
        let out = f.call1((key, v, self.step))?;
        match convert(&out, None)? {
            Conv::Done(x) => Ok(x),
            Conv::Foreign => Err(PyTypeError::new_err(format!(
                "the value converter returned an unsupported {} for key {key:?}",
                out.get_type().name()?
            ))),
        }
    }
}

/// Convert `v`. Inside dicts, foreign values are handed to `conv` with their own key; a
/// foreign value inside a list makes the whole list foreign.
pub fn convert(v: &Bound<'_, PyAny>, conv: Option<&Converter<'_, '_>>) -> PyResult<Conv> {
    if let Some(x) = scalar(v)? {
        return Ok(Conv::Done(x));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut items = Vec::with_capacity(d.len());
        for (k, x) in d.iter() {
            let key = dict_key(&k)?;
            let val = match convert(&x, conv)? {
                Conv::Done(val) => val,
                Conv::Foreign => match conv {
                    Some(c) => c.call(&key, &x)?,
                    None => return Ok(Conv::Foreign),
                },
            };
            items.push((key, val));
        }
        return Ok(Conv::Done(Value::Map(items)));
    }
    if let Ok(l) = v.cast::<PyList>() {
        let mut items = Vec::with_capacity(l.len());
        for x in l.iter() {
            match convert(&x, None)? {
                Conv::Done(val) => items.push(val),
                Conv::Foreign => return Ok(Conv::Foreign),
            }
        }
        return Ok(Conv::Done(Value::List(items)));
    }
    if let Ok(t) = v.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(t.len());
        for x in t.iter() {
            match convert(&x, None)? {
                Conv::Done(val) => items.push(val),
                Conv::Foreign => return Ok(Conv::Foreign),
            }
        }
        return Ok(Conv::Done(Value::List(items)));
    }
    Ok(Conv::Foreign)
}

/// Convert a top-level logged value for `key`.
pub fn convert_top(key: &str, v: &Bound<'_, PyAny>, conv: &Converter<'_, '_>) -> PyResult<Value> {
    match convert(v, Some(conv))? {
        Conv::Done(x) => Ok(x),
        Conv::Foreign => conv.call(key, v),
    }
}
