// IPv4 addresses and CIDR blocks as unsigned 32-bit integers. Pure; runs anywhere.

export interface Cidr {
  /** network address with the host bits cleared */
  addr: number
  /** prefix length, 0–32 */
  len: number
}

/**
 * Parses dotted-quad IPv4; returns null when the text is not one. An octet with a leading zero
 * (`010.0.0.1`) is refused, as glibc inet_pton and Python's ipaddress refuse it: inet_aton would
 * read it as octal (8.0.0.1), so its meaning depends on the tool.
 */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return null
    const octet = Number(part)
    if (octet > 255) return null
    value = value * 256 + octet
  }
  return value >>> 0
}

export function formatIpv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`
}

export function prefixMask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0
}

/**
 * Parses `10.0.0.0/8` or a bare address (a /32). Host bits are ignored, as nftables does when it
 * turns `ip saddr 10.1.2.3/8` into a masked compare.
 */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/')
  const addrText = slash < 0 ? text : text.slice(0, slash)
  const addr = parseIpv4(addrText)
  if (addr === null) return null
  let len = 32
  if (slash >= 0) {
    const lenText = text.slice(slash + 1)
    if (!/^\d{1,2}$/.test(lenText)) return null
    len = Number(lenText)
    if (len > 32) return null
  }
  return { addr: (addr & prefixMask(len)) >>> 0, len }
}

export function cidrContains(cidr: Cidr, addr: number): boolean {
  return (addr & prefixMask(cidr.len)) >>> 0 === cidr.addr
}

export function formatCidr(cidr: Cidr): string {
  return cidr.len === 32 ? formatIpv4(cidr.addr) : `${formatIpv4(cidr.addr)}/${cidr.len}`
}

/** First and last address of a block, for range arithmetic. */
export function cidrRange(cidr: Cidr): [number, number] {
  return [cidr.addr, (cidr.addr | ~prefixMask(cidr.len)) >>> 0]
}
