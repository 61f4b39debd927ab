//! Hash and crypto functions: `md5`, `sha1`, `sha256`, `sha512`, their base64 forms and
//! `uuidv5`. (`bcrypt` and `uuid` are random, so unknown at plan time; `rsadecrypt` needs a
//! private key a configuration should never hold, and is refused.)

use base64::Engine as _;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::{arity, known, text, FnResult};
use crate::evaluate::cty::Val;

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "md5" => |a| hex_of(a, |b| Md5::digest(b).to_vec()),
        "sha1" => |a| hex_of(a, |b| Sha1::digest(b).to_vec()),
        "sha256" => |a| hex_of(a, |b| Sha256::digest(b).to_vec()),
        "sha512" => |a| hex_of(a, |b| Sha512::digest(b).to_vec()),
        "base64sha256" => |a| base64_of(a, |b| Sha256::digest(b).to_vec()),
        "base64sha512" => |a| base64_of(a, |b| Sha512::digest(b).to_vec()),
        "uuidv5" => uuidv5,
        "rsadecrypt" => |_| Err("rsadecrypt is not evaluated: it needs a private key".into()),
        _ => return None,
    })
}

/// Lower-case hexadecimal.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64.
pub(super) fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hex_of(args: &[Val], digest: fn(&[u8]) -> Vec<u8>) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    Ok(Val::String(hex(&digest(s.as_bytes()))))
}

fn base64_of(args: &[Val], digest: fn(&[u8]) -> Vec<u8>) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    Ok(Val::String(base64(&digest(s.as_bytes()))))
}

fn uuidv5(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let namespace = known!(text(&args[0]));
    let name = known!(text(&args[1]));
    let ns = match namespace.as_str() {
        "dns" => uuid::Uuid::NAMESPACE_DNS,
        "url" => uuid::Uuid::NAMESPACE_URL,
        "oid" => uuid::Uuid::NAMESPACE_OID,
        "x500" => uuid::Uuid::NAMESPACE_X500,
        other => uuid::Uuid::parse_str(other)
            .map_err(|_| format!("\"{other}\" is not a namespace name or a UUID"))?,
    };
    Ok(Val::String(
        uuid::Uuid::new_v5(&ns, name.as_bytes()).to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fails, known};

    #[test]
    fn documented_examples() {
        assert_eq!(
            known(r#"md5("hello world")"#),
            "5eb63bbbe01eeed093cb22bb8f5acdc3"
        );
        assert_eq!(
            known(r#"sha1("hello world")"#),
            "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"
        );
        assert_eq!(
            known(r#"sha256("hello world")"#),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(
            known(r#"sha512("hello world")"#),
            "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
        );
        assert_eq!(
            known(r#"base64sha256("hello world")"#),
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
        );
        assert_eq!(
            known(r#"base64sha512("hello world")"#),
            "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="
        );
        assert_eq!(
            known(r#"uuidv5("dns", "www.terraform.io")"#),
            "a5008fae-b28c-5ba5-96cd-82b4c53552d6"
        );
        assert_eq!(
            known(r#"uuidv5("url", "https://www.terraform.io/")"#),
            "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"
        );
        assert_eq!(
            known(r#"uuidv5("743ac3c0-3bf7-4a5b-9e6c-59360447c757", "LIBS:diskfont.library")"#),
            "ede1a974-df7e-5f17-84b9-76208818b2c8"
        );
        assert!(fails(r#"uuidv5("nope", "x")"#));
    }
}
