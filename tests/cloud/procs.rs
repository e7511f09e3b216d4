//! Real processes for the tests: mosquitto, nats-server and `v2x bridge`, on loopback
//! ports, each killed (and reaped) when its handle drops.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One test at a time in this binary: each starts brokers and measures delivery, which
/// other tests' brokers beside it on 2 cores would disturb.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A port free on 127.0.0.1 right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fresh temporary folder for one test (removed when dropped).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "cv2x-cloud-{name}-{}-{}",
            std::process::id(),
            free_port()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Finds a program on PATH or in the sbin folders Debian installs daemons to. A missing
/// broker fails the test: scripts/test-all.sh installs them.
pub fn program(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from));
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{name} not found: install it (scripts/test-all.sh installs Debian's package)")
        })
}

/// Waits until something listens on a TCP port.
pub fn wait_listening(port: u16, within: Duration) {
    let end = Instant::now() + within;
    while Instant::now() < end {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("nothing listens on 127.0.0.1:{port} after {within:?}");
}

/// A child process, its stderr collected line by line, killed on drop.
pub struct Proc {
    pub name: String,
    pub child: Option<Child>,
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Proc {
    pub fn spawn(name: &str, cmd: &mut Command) -> Proc {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let lines = Arc::new(Mutex::new(Vec::new()));
        let err = child.stderr.take().unwrap();
        let sink = lines.clone();
        let tag = name.to_string();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if std::env::var_os("CV2X_TEST_VERBOSE").is_some() {
                    eprintln!("[{tag}] {line}");
                }
                sink.lock().unwrap().push(line);
            }
        });
        Proc {
            name: name.into(),
            child: Some(child),
            lines,
        }
    }

    /// SIGTERM, then waits (up to `within`) for the exit; SIGKILL after that.
    pub fn stop(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let mut child = self.child.take()?;
        self.signal_child(&child, "TERM");
        let end = Instant::now() + within;
        while Instant::now() < end {
            if let Ok(Some(s)) = child.try_wait() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// SIGKILL at once.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn signal_child(&self, child: &Child, sig: &str) {
        let _ = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(child.id().to_string())
            .status();
    }

    /// Whether it is still running.
    pub fn alive(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Waits for a stderr line containing `needle`; returns it.
    pub fn wait_line(&self, needle: &str, within: Duration) -> String {
        let end = Instant::now() + within;
        loop {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
            {
                return l.clone();
            }
            assert!(
                Instant::now() < end,
                "{}: no line with {needle:?} within {within:?}; stderr:\n{}",
                self.name,
                self.lines.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// How many stderr lines contain `needle`.
    pub fn count_lines(&self, needle: &str) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    }

    /// The last counters line (`v2x bridge stats: {...}`), parsed.
    pub fn last_stats(&self) -> Option<serde_json::Value> {
        let lines = self.lines.lock().unwrap();
        let l = lines
            .iter()
            .rev()
            .find(|l| l.starts_with("v2x bridge stats: "))?;
        serde_json::from_str(&l["v2x bridge stats: ".len()..]).ok()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A mosquitto on 127.0.0.1:`port`, with persistence in `dir` (so a restart keeps the
/// sessions and queued QoS 1 messages of persistent subscribers).
pub fn mosquitto(dir: &Path, port: u16) -> Proc {
    mosquitto_with(dir, port, "")
}

/// A mosquitto as [`mosquitto`] makes, with more configuration lines.
pub fn mosquitto_with(dir: &Path, port: u16, extra: &str) -> Proc {
    let conf = dir.join("mosquitto.conf");
    std::fs::write(
        &conf,
        format!(
            "listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {}/\nmax_queued_messages 100000\nlog_dest stderr\nlog_type error\n{extra}",
            dir.display()
        ),
    )
    .unwrap();
    let p = Proc::spawn(
        "mosquitto",
        Command::new(program("mosquitto")).arg("-c").arg(&conf),
    );
    wait_listening(port, Duration::from_secs(10));
    p
}

/// `v2x bridge` with a TOML configuration and `--stats`; waits for its UDP address.
pub fn bridge(dir: &Path, name: &str, toml: &str, extra: &[&str]) -> (Proc, SocketAddr) {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, toml).unwrap();
    let p = Proc::spawn(
        name,
        Command::new(env!("CARGO_BIN_EXE_v2x"))
            .arg("bridge")
            .arg("--config")
            .arg(&path)
            .arg("--stats")
            .args(extra),
    );
    let line = p.wait_line("v2x bridge: UDP ", Duration::from_secs(20));
    let addr = line["v2x bridge: UDP ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (p, addr)
}

/// Waits until `f` holds, polling; panics with `what` after `within`.
pub fn wait_until(what: &str, within: Duration, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + within;
    while !f() {
        assert!(Instant::now() < end, "timed out after {within:?}: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
