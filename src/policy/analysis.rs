//! The policies' engine analyzed on a thread of its own. regorus schedules statements and
//! hoists loops for the whole policy set before its first evaluation (about 7 ms for the
//! shipped library, a third of a one-module scan); started when the policies load, it runs
//! while the scan discovers, reads and evaluates its input, and the first evaluation waits for
//! it.

use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use regorus::Value as RegoValue;

use super::located_error;
use crate::ScanError;

/// The analysis stack: regorus recurses over the policies' syntax trees.
const ANALYSIS_STACK: usize = 16 << 20;

/// The analyzed engine, or the errors only the analyzer finds (unsafe variables), and how long
/// the analysis took.
pub(super) type Analyzed = (Result<regorus::Engine, Vec<ScanError>>, Duration);

/// An engine being analyzed in the background.
pub(super) struct Analysis {
    pending: Mutex<Option<JoinHandle<Analyzed>>>,
    done: OnceLock<Analyzed>,
}

impl Analysis {
    /// Starts analyzing `engine` by evaluating `first` (a rule set's path, and the file shown
    /// for its errors) against an empty input; with no rule, there is nothing to analyze.
    pub(super) fn start(engine: regorus::Engine, first: Option<(String, String)>) -> Self {
        let analysis = Self {
            pending: Mutex::new(None),
            done: OnceLock::new(),
        };
        let Some((path, file)) = first else {
            let _ = analysis.done.set((Ok(engine), Duration::ZERO));
            return analysis;
        };
        // The engine goes to the thread once it runs: should no thread start (resource
        // limits), the analysis is done here, as before, with no copy made for that case.
        let (send, receive) = std::sync::mpsc::channel::<(regorus::Engine, String, String)>();
        let spawned = std::thread::Builder::new()
            .name("tfwarden-analyze".into())
            .stack_size(ANALYSIS_STACK)
            .spawn(move || match receive.recv() {
                Ok((engine, path, file)) => analyze(engine, &path, &file),
                Err(_) => not_run(),
            });
        let inputs = (engine, path, file);
        let (engine, path, file) = match spawned {
            Ok(handle) => match send.send(inputs) {
                Ok(()) => {
                    if let Ok(mut pending) = analysis.pending.lock() {
                        *pending = Some(handle);
                    }
                    return analysis;
                }
                Err(returned) => returned.0,
            },
            Err(_) => inputs,
        };
        let _ = analysis.done.set(analyze(engine, &path, &file));
        analysis
    }

    /// The analysis, waiting for it when it is still running.
    pub(super) fn get(&self) -> &Analyzed {
        self.done.get_or_init(|| {
            let handle = self.pending.lock().ok().and_then(|mut p| p.take());
            match handle.map(JoinHandle::join) {
                Some(Ok(analyzed)) => analyzed,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                // `done` is set whenever no thread was started.
                None => not_run(),
            }
        })
    }
}

/// What stands for an analysis that never ran (a thread that got no engine).
fn not_run() -> Analyzed {
    (
        Err(vec![ScanError::file(
            "policies",
            "the policy analysis did not run",
        )]),
        Duration::ZERO,
    )
}

fn analyze(mut engine: regorus::Engine, path: &str, file: &str) -> Analyzed {
    let started = Instant::now();
    engine.set_input(RegoValue::new_object());
    let result = match engine.eval_rule(path.to_string()) {
        Ok(_) => Ok(engine),
        Err(e) => Err(vec![located_error(&e.to_string(), file)]),
    };
    (result, started.elapsed())
}
