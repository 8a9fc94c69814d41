//! A real SMTP server on a free local port that keeps what it receives, so that tests read the
//! e-mails the server really sent through its SMTP client.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin_embedded::response::OK;
use mailin_embedded::{Handler, Response, Server};

/// An e-mail as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl Received {
    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.body.find(prefix)?;
        let rest = &self.body[start..];
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }
}

#[derive(Clone, Default)]
struct Collector {
    received: Arc<Mutex<Vec<Received>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let parsed = mail_parser::MessageParser::default().parse(&self.data);
        let (subject, body) = parsed
            .map(|message| {
                (
                    message.subject().unwrap_or_default().to_owned(),
                    message.body_text(0).unwrap_or_default().into_owned(),
                )
            })
            .unwrap_or_default();
        if let Ok(mut received) = self.received.lock() {
            received.push(Received { to: self.to.clone(), subject, body });
        }
        OK
    }
}

/// The catcher of one test.
pub struct MailCatcher {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl MailCatcher {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind SMTP catcher");
        let port = listener.local_addr().expect("catcher address").port();
        let collector = Collector::default();
        let received = collector.received.clone();
        let mut server = Server::new(collector);
        // One thread per SMTP session, and the server's client keeps up to 10 sessions open
        // (lettre's pool): fewer threads would leave concurrent e-mails waiting for an idle one.
        server.with_name("catcher.test").with_num_threads(16).with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve().map_err(|error| error.to_string());
        });
        MailCatcher { port, received }
    }

    /// Every e-mail received so far.
    pub fn all(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The e-mails received for one address.
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.all().into_iter().filter(|mail| mail.to.iter().any(|to| to.eq_ignore_ascii_case(address))).collect()
    }
}
