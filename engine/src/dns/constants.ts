// DNS numbers used by the embedded server (RFC 1035, 3596, 6891) and Docker's embedded-DNS constants.

export const QTYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

export const QCLASS_IN = 1;
export const QCLASS_ANY = 255;

export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

/** Header flag bits (second 16-bit word of the header). */
export const FLAG = {
  QR: 0x8000,
  AA: 0x0400,
  TC: 0x0200,
  RD: 0x0100,
  RA: 0x0080,
} as const;

export const HEADER_LEN = 12;

/** libnetwork resolver.go `respTTL`: answers from the embedded DNS live 600 s. */
export const DOCKER_TTL = 600;
/** libnetwork `maxExtDNS`: at most three upstream resolvers. */
export const MAX_UPSTREAMS = 3;
/** Largest UDP answer without EDNS (RFC 1035 4.2.1). */
export const CLASSIC_UDP_SIZE = 512;
/** The EDNS payload size we advertise and the most we send over UDP (DNS flag day 2020). */
export const EDNS_UDP_SIZE = 1232;
