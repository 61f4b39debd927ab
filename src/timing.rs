//! Wall-clock laps of a scan's stages, for `--timings`.

use std::time::{Duration, Instant};

/// Measures consecutive stages: each lap is the time since the previous one.
pub(crate) struct Stopwatch {
    last: Instant,
    recorded: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    /// A stopwatch whose first lap starts now.
    pub(crate) fn start() -> Self {
        Self {
            last: Instant::now(),
            recorded: Vec::new(),
        }
    }

    /// The time since the last lap, named.
    pub(crate) fn lap(&mut self, stage: &'static str) -> (&'static str, Duration) {
        let now = Instant::now();
        let elapsed = now - self.last;
        self.last = now;
        (stage, elapsed)
    }

    /// Takes a lap and keeps it, for a caller that collects them with [`Stopwatch::take`].
    pub(crate) fn record(&mut self, stage: &'static str) {
        let lap = self.lap(stage);
        self.recorded.push(lap);
    }

    /// The laps kept so far, in order.
    pub(crate) fn take(&mut self) -> Vec<(&'static str, Duration)> {
        std::mem::take(&mut self.recorded)
    }
}
