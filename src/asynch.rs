//! Async adapters behind optional features: `tokio` (`AsyncRead`) and
//! `stream` (a `futures::Stream` of `bytes::Bytes`, as hyper and reqwest
//! bodies are). Default features pull in none of them.

#[cfg(feature = "tokio")]
use crate::READ_BUFFER;
use crate::{Decoder, Deserialize, Result};

/// Decode from a `tokio::io::AsyncRead` through a fixed buffer (feature `tokio`).
#[cfg(feature = "tokio")]
pub async fn from_async_read<T, R>(mut r: R) -> Result<T>
where
    T: Deserialize,
    R: tokio::io::AsyncRead + Unpin,
{
    use tokio::io::AsyncReadExt;
    let mut d = Decoder::<T>::new();
    let mut buf = vec![0u8; READ_BUFFER];
    loop {
        match r.read(&mut buf).await {
            Ok(0) => return d.finish(),
            Ok(n) => d.feed(&buf[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(d.io_error(&e)),
        }
    }
}

/// The next chunk of a stream, without pulling in `futures-util`.
#[cfg(feature = "stream")]
pub(crate) async fn next_chunk<S, I>(s: &mut S) -> Option<I>
where
    S: futures_core::Stream<Item = I> + Unpin + ?Sized,
{
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *s).poll_next(cx)).await
}

/// Decode a `futures::Stream` of `bytes::Bytes` chunks, e.g. a hyper or
/// reqwest body (feature `stream`). Chunks are fed as they come, no copy.
/// If the stream fails, the error is an I/O error whose
/// [`io_error_kind`](crate::Error::io_error_kind) is that of the first
/// `std::io::Error` in the stream error's source chain (`Other` if none)
/// and whose `std::error::Error::source` is the stream's error itself.
#[cfg(feature = "stream")]
pub async fn from_stream<T, S, E>(mut s: S) -> Result<T>
where
    T: Deserialize,
    S: futures_core::Stream<Item = std::result::Result<bytes::Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut d = Decoder::<T>::new();
    while let Some(chunk) = next_chunk(&mut s).await {
        match chunk {
            Ok(c) => d.feed(&c)?,
            Err(e) => return Err(d.stream_error(e)),
        }
    }
    d.finish()
}
