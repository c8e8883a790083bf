//! Deterministic benchmark corpus of Stripe-shaped JSON, generated in the
//! project so benches need nothing outside it. The shapes follow the
//! project's corpus generator (`gen_corpus.py` in the shared tools): single
//! AccountSession and IdentityVerificationSession objects and 1000-item list
//! envelopes of each, minified (raw UTF-8) and pretty-printed (two-space
//! indent, non-ASCII escaped as `\uXXXX`, as Python's `json.dump` does).
//! Values vary: ids, secrets, booleans, nulls, metadata maps, non-ASCII names,
//! escaped characters, nested verified outputs, extra fields a newer API
//! version might send. Same seed, same bytes.

#![allow(dead_code)]

use streamde::{Number, Object, Value};

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

pub const COMPONENT_FEATURES: &[(&str, &[&str])] = &[
    (
        "account_management",
        &[
            "disable_stripe_user_authentication",
            "external_account_collection",
        ],
    ),
    (
        "account_onboarding",
        &[
            "disable_stripe_user_authentication",
            "external_account_collection",
        ],
    ),
    ("balance_report", &[]),
    (
        "balances",
        &[
            "disable_stripe_user_authentication",
            "edit_payout_schedule",
            "external_account_collection",
            "instant_payouts",
            "standard_payouts",
        ],
    ),
    (
        "disputes_list",
        &[
            "capture_payments",
            "destination_on_behalf_of_charge_management",
            "dispute_management",
            "refund_management",
        ],
    ),
    ("documents", &[]),
    (
        "financial_account",
        &[
            "disable_stripe_user_authentication",
            "external_account_collection",
            "send_money",
            "transfer_balance",
        ],
    ),
    (
        "financial_account_transactions",
        &["card_spend_dispute_management"],
    ),
    (
        "instant_payouts_promotion",
        &[
            "disable_stripe_user_authentication",
            "external_account_collection",
            "instant_payouts",
        ],
    ),
    (
        "issuing_card",
        &[
            "card_management",
            "card_spend_dispute_management",
            "cardholder_management",
            "spend_control_management",
        ],
    ),
    (
        "issuing_cards_list",
        &[
            "card_management",
            "card_spend_dispute_management",
            "cardholder_management",
            "disable_stripe_user_authentication",
            "spend_control_management",
        ],
    ),
    (
        "notification_banner",
        &[
            "disable_stripe_user_authentication",
            "external_account_collection",
        ],
    ),
    (
        "payment_details",
        &[
            "capture_payments",
            "destination_on_behalf_of_charge_management",
            "dispute_management",
            "refund_management",
        ],
    ),
    (
        "payment_disputes",
        &[
            "destination_on_behalf_of_charge_management",
            "dispute_management",
            "refund_management",
        ],
    ),
    (
        "payments",
        &[
            "capture_payments",
            "destination_on_behalf_of_charge_management",
            "dispute_management",
            "refund_management",
        ],
    ),
    ("payout_details", &[]),
    ("payout_reconciliation_report", &[]),
    (
        "payouts",
        &[
            "disable_stripe_user_authentication",
            "edit_payout_schedule",
            "external_account_collection",
            "instant_payouts",
            "standard_payouts",
        ],
    ),
    ("payouts_list", &[]),
    ("tax_registrations", &[]),
    ("tax_settings", &[]),
];

const FIRST: &[&str] = &[
    "Jenny", "José", "Zoë", "Łukasz", "Aiko", "Søren", "Nguyễn", "Chloé", "Omar", "李",
];
const LAST: &[&str] = &[
    "Rosen",
    "García",
    "O'Brien",
    "Müller",
    "Tanaka",
    "Ødegaard",
    "Smith \"Jr\"",
    "Çelik",
];
const CITIES: &[&str] = &[
    "San Francisco",
    "Zürich",
    "São Paulo",
    "Kraków",
    "東京",
    "Dublin",
];
const NOTES: &[&str] = &[
    "order #1234",
    "línea 1\nlínea 2",
    "tab\tseparated",
    "quote \" and backslash \\",
    "emoji 🚀 launch",
    "plain note",
    "",
    "\u{e9}t\u{e9}",
];

/// xorshift64*: small, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn random(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn choice<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn ident(&mut self, prefix: &str, n: usize) -> String {
        let mut s = prefix.to_string();
        for _ in 0..n {
            s.push(*self.choice(ALNUM) as char);
        }
        s
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }
}

fn s(x: impl AsRef<str>) -> Value {
    Value::from(x.as_ref().to_string())
}

fn int(n: i64) -> Value {
    Value::from(n)
}

fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Object>(),
    )
}

fn opt(rng: &mut Rng, p_none: f64, v: impl FnOnce(&mut Rng) -> Value) -> Value {
    if rng.random() < p_none {
        Value::Null
    } else {
        v(rng)
    }
}

pub fn account_session(rng: &mut Rng, extra: bool) -> Value {
    let mut comps: Vec<(String, Value)> = Vec::new();
    for (name, feats) in COMPONENT_FEATURES {
        let mut features: Vec<(&str, Value)> = feats
            .iter()
            .map(|f| (*f, Value::Bool(rng.random() < 0.5)))
            .collect();
        if extra && !feats.is_empty() && rng.random() < 0.3 {
            features.push(("smart_disputes_management", Value::Bool(rng.random() < 0.5)));
        }
        let enabled = Value::Bool(rng.random() < 0.5);
        comps.push((
            name.to_string(),
            obj(vec![("enabled", enabled), ("features", obj(features))]),
        ));
    }
    if extra && rng.random() < 0.5 {
        comps.push((
            "payment_method_settings".into(),
            obj(vec![
                ("enabled", Value::Bool(true)),
                ("features", obj(vec![("payment_method_remove", s("last"))])),
            ]),
        ));
    }
    rng.shuffle(&mut comps);
    let account = rng.ident("acct_", 16);
    let secret = rng.ident("accs_secret__", 47);
    obj(vec![
        ("object", s("account_session")),
        ("account", Value::from(account)),
        ("client_secret", Value::from(secret)),
        ("components", Value::Object(comps.into_iter().collect())),
        ("expires_at", int(rng.range(1_600_000_000, 1_900_000_000))),
        ("livemode", Value::Bool(rng.random() < 0.2)),
    ])
}

fn verified_outputs(rng: &mut Rng) -> Value {
    let address = obj(vec![
        ("city", s(rng.choice(CITIES))),
        ("country", s(rng.choice(&["US", "DE", "BR", "JP"]))),
        (
            "line1",
            Value::from(format!("{} {} St", rng.range(1, 9999), rng.choice(LAST))),
        ),
        ("line2", Value::Null),
        (
            "postal_code",
            Value::from(rng.range(10000, 99999).to_string()),
        ),
        (
            "state",
            rng.choice(&[None, Some("CA"), Some("NY")])
                .map_or(Value::Null, s),
        ),
    ]);
    let dob = obj(vec![
        ("day", int(rng.range(1, 28))),
        ("month", int(rng.range(1, 12))),
        ("year", int(rng.range(1940, 2005))),
    ]);
    let email = opt(rng, 0.5, |r| {
        Value::from(format!("user{}@example.com", r.range(1, 99999)))
    });
    obj(vec![
        ("address", address),
        ("dob", dob),
        ("email", email),
        ("first_name", s(rng.choice(FIRST))),
        ("last_name", s(rng.choice(LAST))),
        ("id_number", Value::Null),
        (
            "id_number_type",
            rng.choice(&[None, Some("us_ssn"), Some("br_cpf")])
                .map_or(Value::Null, s),
        ),
        (
            "phone",
            opt(rng, 0.5, |r| {
                Value::from(format!("+1{}", r.range(2_000_000_000, 9_999_999_999)))
            }),
        ),
        (
            "sex",
            rng.choice(&[None, Some("female"), Some("male"), Some("redacted")])
                .map_or(Value::Null, s),
        ),
        ("unparsed_place_of_birth", Value::Null),
        ("unparsed_sex", Value::Null),
    ])
}

pub fn verification_session(rng: &mut Rng, extra: bool) -> Value {
    let status = *rng.choice(&["requires_input", "processing", "verified", "canceled"]);
    let id = rng.ident("vs_", 24);
    let client_reference_id = opt(rng, 0.5, |r| Value::from(r.ident("cus_", 14)));
    let client_secret = if status == "verified" || status == "canceled" {
        Value::Null
    } else {
        Value::from(format!("{id}_secret_{}", rng.ident("", 24)))
    };
    let created = int(rng.range(1_600_000_000, 1_900_000_000));
    let last_error = opt(rng, 0.6, |r| {
        obj(vec![
            (
                "code",
                r.choice(&[
                    None,
                    Some("document_expired"),
                    Some("consent_declined"),
                    Some("selfie_face_mismatch"),
                ])
                .map_or(Value::Null, s),
            ),
            (
                "reason",
                r.choice(&[
                    None,
                    Some("The document is expired."),
                    Some("L'utilisateur a refusé."),
                ])
                .map_or(Value::Null, s),
            ),
        ])
    });
    let report = opt(rng, 0.3, |r| Value::from(r.ident("vr_", 24)));
    let livemode = Value::Bool(rng.random() < 0.2);
    let n_meta = *rng.choice(&[0, 0, 1, 2, 5]);
    let keys: Vec<String> = (0..n_meta).map(|i| format!("key_{i}")).collect();
    let metadata = obj(keys
        .iter()
        .map(|k| (k.as_str(), s(rng.choice(NOTES))))
        .collect());
    let mut types = vec!["driving_license", "id_card", "passport"];
    rng.shuffle(&mut types);
    let n_types = rng.range(1, 3) as usize;
    let options = obj(vec![(
        "document",
        obj(vec![
            (
                "allowed_types",
                Value::Array(types[..n_types].iter().map(s).collect()),
            ),
            ("require_id_number", Value::Bool(rng.random() < 0.5)),
            ("require_live_capture", Value::Bool(rng.random() < 0.5)),
            ("require_matching_selfie", Value::Bool(rng.random() < 0.5)),
        ]),
    )]);
    let redaction = opt(rng, 0.8, |r| {
        obj(vec![("status", s(r.choice(&["processing", "redacted"])))])
    });
    let ty = s(rng.choice(&["document", "id_number", "verification_flow"]));
    let url = if status == "requires_input" {
        Value::from(format!(
            "https://verify.stripe.com/start/test_{}",
            rng.ident("", 40)
        ))
    } else {
        Value::Null
    };
    let outputs = if status == "verified" {
        verified_outputs(rng)
    } else {
        Value::Null
    };
    let mut members = vec![
        ("id", Value::from(id)),
        ("object", s("identity.verification_session")),
        ("client_reference_id", client_reference_id),
        ("client_secret", client_secret),
        ("created", created),
        ("last_error", last_error),
        ("last_verification_report", report),
        ("livemode", livemode),
        ("metadata", metadata),
        ("options", options),
        ("redaction", redaction),
        ("status", s(status)),
        ("type", ty),
        ("url", url),
        ("verified_outputs", outputs),
    ];
    if extra {
        members.push((
            "related_customer",
            opt(rng, 0.5, |r| Value::from(r.ident("cus_", 14))),
        ));
        members.push(("related_customer_account", Value::Null));
        let details = if rng.random() < 0.3 {
            obj(vec![("email", Value::Null), ("phone", Value::Null)])
        } else {
            Value::Null
        };
        members.push(("provided_details", details));
        members.push(("verification_flow", Value::Null));
    }
    obj(members)
}

fn envelope(url: &str, items: Vec<Value>) -> Value {
    obj(vec![
        ("object", s("list")),
        ("data", Value::Array(items)),
        ("has_more", Value::Bool(false)),
        ("url", s(url)),
    ])
}

/// Pretty JSON: two-space indent, `", "`/`": "` separators, non-ASCII escaped.
pub fn pretty(v: &Value) -> String {
    fn esc(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                    let mut buf = [0u16; 2];
                    for u in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{:04x}", u));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
    fn go(out: &mut String, v: &Value, ind: usize) {
        let pad = |out: &mut String, n: usize| {
            out.push('\n');
            out.push_str(&" ".repeat(n));
        };
        match v {
            Value::Array(a) if !a.is_empty() => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    pad(out, ind + 2);
                    go(out, x, ind + 2);
                }
                pad(out, ind);
                out.push(']');
            }
            Value::Object(o) if !o.is_empty() => {
                out.push('{');
                for (i, (k, x)) in o.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    pad(out, ind + 2);
                    esc(out, k);
                    out.push_str(": ");
                    go(out, x, ind + 2);
                }
                pad(out, ind);
                out.push('}');
            }
            Value::String(x) => esc(out, x),
            Value::Number(Number::Float(f)) => out.push_str(&format!("{f:?}")),
            other => out.push_str(&streamde::to_string(other)),
        }
    }
    let mut out = String::new();
    go(&mut out, v, 0);
    out.push('\n');
    out
}

/// The eight corpus documents: (name, bytes).
pub fn generate(seed: u64, list_len: usize) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng::new(seed);
    let accts: Vec<Value> = (0..list_len)
        .map(|i| account_session(&mut rng, i % 3 == 0))
        .collect();
    let sessions: Vec<Value> = (0..list_len)
        .map(|i| verification_session(&mut rng, i % 2 == 0))
        .collect();
    let docs = [
        ("account_session", accts[0].clone()),
        ("identity_verification_session", sessions[0].clone()),
        (
            "account_session_list",
            envelope("/v1/account_sessions", accts),
        ),
        (
            "identity_verification_session_list",
            envelope("/v1/identity/verification_sessions", sessions),
        ),
    ];
    let mut out = Vec::new();
    for (name, doc) in docs {
        out.push((format!("{name}.min"), streamde::to_vec(&doc)));
        out.push((format!("{name}.pretty"), pretty(&doc).into_bytes()));
    }
    out
}
