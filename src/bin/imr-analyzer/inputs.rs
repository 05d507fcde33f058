//! The inputs the PATHs name: files as given, folders walked recursively.

use std::path::{Path, PathBuf};

/// One input to analyze, and the source name it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        source: String,
    },
    /// A folder (or an entry in it) that could not be listed.
    Unlisted {
        source: String,
        error: String,
    },
}

impl Input {
    pub fn source(&self) -> &str {
        match self {
            Input::Stdin => "stdin",
            Input::File { source, .. } | Input::Unlisted { source, .. } => source,
        }
    }
}

pub fn is_pdf_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

fn is_txt_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The inputs the PATHs name, in order: files as given, folders' `.txt`
/// and `.pdf` files sorted by path; and the folders that held none.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<PathBuf>) {
    let mut inputs = Vec::new();
    let mut empty_folders = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut found = Vec::new();
            let mut visited = Vec::new();
            walk(path, path, &mut found, &mut visited);
            found.sort_by(|a, b| a.0.cmp(&b.0));
            if found.is_empty() {
                empty_folders.push(path.clone());
            }
            inputs.extend(found.into_iter().map(|(_, input)| input));
        } else {
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.to_string_lossy().into_owned());
            inputs.push(Input::File {
                path: path.clone(),
                source,
            });
        }
    }
    (inputs, empty_folders)
}

/// The source name of `path` inside `root`: its relative path with `/`.
fn relative_source(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Collect the `.txt` and `.pdf` files under `dir` (symbolic links
/// followed, each folder once), keyed by their path for sorting.
fn walk(root: &Path, dir: &Path, found: &mut Vec<(PathBuf, Input)>, visited: &mut Vec<PathBuf>) {
    if let Ok(real) = dir.canonicalize() {
        if visited.contains(&real) {
            return;
        }
        visited.push(real);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let mut source = relative_source(root, dir);
            if source.is_empty() {
                source = dir.to_string_lossy().into_owned();
            }
            found.push((
                dir.to_path_buf(),
                Input::Unlisted {
                    source,
                    error: e.to_string(),
                },
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `metadata` follows symbolic links.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &path, found, visited);
        } else if is_txt_name(&path) || is_pdf_name(&path) || crate::ocr::is_image_name(&path) {
            let source = relative_source(root, &path);
            found.push((path.clone(), Input::File { path, source }));
        }
    }
}
