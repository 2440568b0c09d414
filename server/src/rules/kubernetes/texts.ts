/**
 * The apiserver's own texts (apimachinery `field/errors.go`, `util/validation`): a field error renders as
 * `<path>: <Type>: <value>: <detail>`, strings quoted, numbers bare.
 */
export function invalid(path: string, value: string | number, detail: string): string {
  return `${path}: Invalid value: ${typeof value === 'number' ? value : JSON.stringify(value)}: ${detail}`;
}

export function unsupported(path: string, value: string, supported: string[]): string {
  return `${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

export const duplicate = (path: string, value: string | number): string =>
  `${path}: Duplicate value: ${typeof value === 'number' ? value : JSON.stringify(value)}`;

export const required = (path: string, detail?: string): string =>
  `${path}: Required value${detail ? `: ${detail}` : ''}`;

export const forbidden = (path: string, detail: string): string => `${path}: Forbidden: ${detail}`;

export const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** `IsValidPortName` (IANA service names, container port names and named targetPorts): the first failure. */
export function portNameError(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name))
    return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function dns1123LabelError(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (DNS1123_LABEL.test(s)) return undefined;
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

export function dns1035LabelError(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (DNS1035_LABEL.test(s)) return undefined;
  return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
}

export function dns1123SubdomainError(s: string): string | undefined {
  if (s.length > 253) return 'must be no more than 253 characters';
  if (DNS1123_SUBDOMAIN.test(s)) return undefined;
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

export const VALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const VALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** `IsValidLabelValue`. */
export function labelValueError(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (LABEL_VALUE.test(s)) return undefined;
  return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
}

/** `IsQualifiedName` (label keys): an optional DNS subdomain prefix and `/`, then a name of at most 63. */
export function qualifiedNameError(s: string): string | undefined {
  const parts = s.split('/');
  if (parts.length > 2)
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') return 'prefix part must be non-empty';
    const bad = dns1123SubdomainError(prefix);
    if (bad !== undefined) return `prefix part ${bad}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (QUALIFIED_NAME.test(name)) return undefined;
  return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
}
