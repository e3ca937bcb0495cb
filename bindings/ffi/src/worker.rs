//! Slow work off the caller's thread, with no async runtime.
//!
//! The async exports (Kotlin `suspend`, Swift `async`) run their blocking part (Argon2, file I/O,
//! the clock servers, waiting for the platform key prompt) with [`unblock`]: on a new thread,
//! while the foreign executor's thread is free; the returned future completes when the work is
//! done. A thread per call is enough: these calls are seconds apart (an unlock, a new
//! passphrase, a clock check), so a pool or a runtime such as tokio would only add size.
//!
//! On that thread, [`wait_for`] waits for a foreign future (the app's `PlatformKeyStore`, which
//! may be showing a prompt) with a time limit.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// What the worker thread hands back, and who to wake when it does.
struct Shared<T> {
    result: Option<thread::Result<T>>,
    waker: Option<Waker>,
}

fn lock<T>(shared: &Mutex<T>) -> MutexGuard<'_, T> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The future of [`unblock`].
struct Unblocked<T>(Arc<Mutex<Shared<T>>>);

impl<T> Future for Unblocked<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut shared = lock(&self.0);
        match shared.result.take() {
            Some(Ok(value)) => Poll::Ready(value),
            // The work panicked: panic here too, where UniFFI turns it into an error.
            Some(Err(panic)) => panic::resume_unwind(panic),
            None => {
                shared.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// Runs `work` on a new thread; the future completes with its result. If no thread can be
/// started, `work` runs on the caller's thread instead.
pub(crate) fn unblock<T, F>(work: F) -> impl Future<Output = T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let shared = Arc::new(Mutex::new(Shared {
        result: None,
        waker: None,
    }));
    let theirs = shared.clone();
    run_on_worker(Box::new(move || {
        let result = panic::catch_unwind(AssertUnwindSafe(work));
        let waker = {
            let mut shared = lock(&theirs);
            shared.result = Some(result);
            shared.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }));
    Unblocked(shared)
}

/// Runs `job` on a new thread, or on this one if no thread can be started. Not generic: one copy
/// of the thread start serves every async export (a copy each cost 2 KB of library).
fn run_on_worker(job: Box<dyn FnOnce() + Send>) {
    // Shared, so that the job is still here when the thread (which would own it) never starts.
    let job = Arc::new(Mutex::new(Some(job)));
    let theirs = job.clone();
    let take_and_run = |job: &Mutex<Option<Box<dyn FnOnce() + Send>>>| {
        let job = lock(job).take();
        if let Some(job) = job {
            job();
        }
    };
    let spawned = thread::Builder::new()
        .name("otpkit-worker".into())
        .spawn(move || take_and_run(&theirs));
    if spawned.is_err() {
        take_and_run(&job);
    }
}

/// Wakes a thread parked in [`wait_for`].
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Drives `future` on this thread until it completes, or gives up after `limit` (the future is
/// then dropped, which cancels a foreign call). Only for worker threads: it blocks.
pub(crate) fn wait_for<F: Future>(future: F, limit: Duration) -> Option<F::Output> {
    let deadline = Instant::now() + limit;
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return Some(value);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        // A wake-up, a spurious one, or the deadline: poll again either way.
        thread::park_timeout(left);
    }
}

/// Runs an async export to its end, as the apps' executors do (for tests).
#[cfg(test)]
pub(crate) fn run<T>(call: impl Future<Output = T>) -> T {
    wait_for(call, Duration::from_secs(60)).expect("the call finishes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn unblocked_work_runs_on_another_thread_and_its_result_comes_back() {
        let caller = thread::current().id();
        let (worker, value) = wait_for(
            unblock(move || (thread::current().id(), 42)),
            Duration::from_secs(30),
        )
        .expect("the work finishes");
        assert_ne!(worker, caller);
        assert_eq!(value, 42);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_poller() {
        let future = unblock(|| -> u8 { panic!("boom") });
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            wait_for(future, Duration::from_secs(30))
        }));
        assert!(caught.is_err());
    }

    /// A future that never completes and says when it is dropped.
    struct Never(mpsc::Sender<()>);
    impl Future for Never {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            Poll::Pending
        }
    }
    impl Drop for Never {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }

    #[test]
    fn waiting_gives_up_at_the_limit_and_drops_the_future() {
        let (dropped, was_dropped) = mpsc::channel();
        let started = Instant::now();
        assert_eq!(wait_for(Never(dropped), Duration::from_millis(50)), None);
        assert!(started.elapsed() >= Duration::from_millis(50));
        was_dropped.try_recv().expect("the future was dropped");
    }
}
