//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`, for IPv4 and
//! IPv6 prefixes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{arity, integer, known, text, FnResult};
use crate::evaluate::cty::Val;

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "cidrhost" => cidrhost,
        "cidrnetmask" => cidrnetmask,
        "cidrsubnet" => cidrsubnet,
        "cidrsubnets" => cidrsubnets,
        _ => return None,
    })
}

/// A parsed prefix: its network address as a number, its length and the address width.
struct Prefix {
    base: u128,
    len: u32,
    width: u32,
    v4: bool,
}

impl Prefix {
    fn parse(s: &str) -> Result<Prefix, String> {
        let (addr, len) = s
            .split_once('/')
            .ok_or_else(|| format!("\"{s}\" is not a CIDR prefix"))?;
        let len: u32 = len
            .parse()
            .map_err(|_| format!("\"{s}\" has a bad prefix length"))?;
        let ip: IpAddr = addr
            .parse()
            .map_err(|_| format!("\"{s}\" has a bad address"))?;
        let (value, width, v4) = match ip {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32, true),
            IpAddr::V6(a) => (u128::from(a), 128, false),
        };
        if len > width {
            return Err(format!("\"{s}\" has a prefix longer than {width} bits"));
        }
        let host_bits = width - len;
        let mask = if host_bits >= 128 {
            0
        } else {
            u128::MAX << host_bits
        };
        Ok(Prefix {
            base: value & mask,
            len,
            width,
            v4,
        })
    }

    fn address(&self, value: u128) -> String {
        if self.v4 {
            Ipv4Addr::from(value as u32).to_string()
        } else {
            Ipv6Addr::from(value).to_string()
        }
    }

    /// The `netnum`th subnet with `newbits` more bits.
    fn subnet(&self, newbits: i64, netnum: i64) -> Result<Prefix, String> {
        if newbits < 0 || netnum < 0 {
            return Err("newbits and netnum must not be negative".into());
        }
        let new_len = self.len + newbits as u32;
        if new_len > self.width {
            return Err(format!(
                "a prefix extension of {newbits} bits would make a prefix of {new_len} bits, more than {}",
                self.width
            ));
        }
        if newbits < 64 && (netnum as u128) >> newbits != 0 {
            return Err(format!("{netnum} does not fit in {newbits} bits"));
        }
        let shift = self.width - new_len;
        let offset = if shift >= 128 {
            0
        } else {
            (netnum as u128) << shift
        };
        Ok(Prefix {
            base: self.base | offset,
            len: new_len,
            width: self.width,
            v4: self.v4,
        })
    }

    fn text(&self) -> String {
        format!("{}/{}", self.address(self.base), self.len)
    }
}

fn cidrhost(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let prefix = Prefix::parse(&known!(text(&args[0])))?;
    let host = known!(integer(&args[1]));
    let bits = prefix.width - prefix.len;
    let size: u128 = if bits >= 128 {
        u128::MAX
    } else {
        1u128 << bits
    };
    let offset = if host < 0 {
        size.checked_sub(host.unsigned_abs() as u128)
    } else {
        Some(host as u128).filter(|h| *h < size)
    }
    .ok_or_else(|| format!("host number {host} does not fit in the prefix"))?;
    Ok(Val::String(prefix.address(prefix.base | offset)))
}

fn cidrnetmask(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let prefix = Prefix::parse(&known!(text(&args[0])))?;
    if !prefix.v4 {
        return Err("only IPv4 prefixes have a netmask".into());
    }
    let mask = if prefix.len == 0 {
        0
    } else {
        u32::MAX << (32 - prefix.len)
    };
    Ok(Val::String(Ipv4Addr::from(mask).to_string()))
}

fn cidrsubnet(args: &[Val]) -> FnResult {
    arity("", args, 3, 3)?;
    let prefix = Prefix::parse(&known!(text(&args[0])))?;
    let newbits = known!(integer(&args[1]));
    let netnum = known!(integer(&args[2]));
    Ok(Val::String(prefix.subnet(newbits, netnum)?.text()))
}

/// Consecutive subnets of the given sizes, each aligned to its own size.
fn cidrsubnets(args: &[Val]) -> FnResult {
    arity("", args, 1, usize::MAX)?;
    let prefix = Prefix::parse(&known!(text(&args[0])))?;
    let mut out = Vec::new();
    let mut next: u128 = prefix.base;
    let end: u128 = prefix.base
        | if prefix.width - prefix.len >= 128 {
            u128::MAX
        } else {
            (1u128 << (prefix.width - prefix.len)) - 1
        };
    for arg in &args[1..] {
        let newbits = known!(integer(arg));
        if newbits < 1 || prefix.len + newbits as u32 > prefix.width {
            return Err(format!(
                "cannot add {newbits} bits to a /{} prefix",
                prefix.len
            ));
        }
        let shift = prefix.width - prefix.len - newbits as u32;
        let size: u128 = if shift >= 128 {
            u128::MAX
        } else {
            1u128 << shift
        };
        // Align to this subnet's size.
        let start = next.div_ceil(size).saturating_mul(size);
        if start > end || start.saturating_add(size - 1) > end {
            return Err("not enough room in the prefix for all the subnets".into());
        }
        out.push(Val::String(format!(
            "{}/{}",
            prefix.address(start),
            prefix.len + newbits as u32
        )));
        next = start.saturating_add(size);
    }
    Ok(Val::list(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fails, known};
    use serde_json::json;

    #[test]
    fn documented_examples() {
        assert_eq!(known(r#"cidrhost("10.12.112.0/20", 16)"#), "10.12.112.16");
        assert_eq!(known(r#"cidrhost("10.12.112.0/20", 268)"#), "10.12.113.12");
        assert_eq!(known(r#"cidrhost("10.12.112.0/20", -1)"#), "10.12.127.255");
        assert_eq!(
            known(r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#),
            "fd00:fd12:3456:7890::22"
        );
        assert_eq!(known(r#"cidrnetmask("172.16.0.0/12")"#), "255.240.0.0");
        assert_eq!(
            known(r#"cidrsubnet("172.16.0.0/12", 4, 2)"#),
            "172.18.0.0/16"
        );
        assert_eq!(
            known(r#"cidrsubnet("10.1.2.0/24", 4, 15)"#),
            "10.1.2.240/28"
        );
        assert_eq!(
            known(r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#),
            "fd00:fd12:3456:7800:a200::/72"
        );
        assert!(fails(r#"cidrsubnet("10.1.0.0/16", 8, 256)"#));
        assert_eq!(
            known(r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#),
            json!([
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert_eq!(
            known(r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#),
            json!([
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
    }
}
