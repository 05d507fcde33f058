//! The ordered worker pool: inputs analysed in parallel, results handed on
//! in input order, at most a window of inputs ahead of the output.

use crate::inputs::Input;
use crate::read::{analyze_input, Analysed, Options};
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Analyze `inputs` in parallel and hand the results to `each` in input
/// order.
pub fn run_inputs(
    inputs: &[Input],
    opts: Options,
    mut each: impl FnMut(&Input, Analysed) -> io::Result<()>,
) -> io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16);
    let uses_stdin = inputs.contains(&Input::Stdin);
    if threads <= 1 || inputs.len() <= 1 || uses_stdin {
        for input in inputs {
            each(input, analyze_input(input, opts))?;
        }
        return Ok(());
    }
    // Workers take inputs in order and run at most `window` inputs ahead
    // of the output, which bounds the memory held; the results are written
    // in input order as they come.
    let window = threads * 4;
    let next = AtomicUsize::new(0);
    let written = Mutex::new(0usize);
    let room = Condvar::new();
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, Analysed)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(inputs.len()) {
            let send = send.clone();
            let (next, written, room, stop) = (&next, &written, &room, &stop);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                {
                    let Ok(mut w) = written.lock() else { break };
                    while i >= *w + window && !stop.load(Ordering::Relaxed) {
                        w = match room.wait(w) {
                            Ok(w) => w,
                            Err(_) => return,
                        };
                    }
                }
                if stop.load(Ordering::Relaxed)
                    || send.send((i, analyze_input(input, opts))).is_err()
                {
                    break;
                }
            });
        }
        drop(send);
        let mut pending: BTreeMap<usize, Analysed> = BTreeMap::new();
        let mut done = 0usize;
        let mut result = Ok(());
        while done < inputs.len() {
            let analysed = match pending.remove(&done) {
                Some(a) => a,
                None => match receive.recv() {
                    Ok((i, a)) if i == done => a,
                    Ok((i, a)) => {
                        pending.insert(i, a);
                        continue;
                    }
                    // Every worker is gone (one panicked): analyze the rest here.
                    Err(_) => analyze_input(&inputs[done], opts),
                },
            };
            result = each(&inputs[done], analysed);
            done += 1;
            if let Ok(mut w) = written.lock() {
                *w = done;
            }
            room.notify_all();
            if result.is_err() {
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
        room.notify_all();
        drop(receive);
        result
    })
}
