import type { Rule } from '../rule';
import { NET001 } from './schema/NET001-unknown-network-property';
import { NET002 } from './schema/NET002-unknown-ipam-property';
import { NET003 } from './schema/NET003-network-key-pattern';
import { NET004 } from './schema/NET004-network-not-mapping';
import { NET005 } from './schema/NET005-networks-not-mapping';
import { NET006 } from './schema/NET006-service-network-property';
import { NET007 } from './schema/NET007-duplicate-service-network';
import { NET008 } from './schema/NET008-network-flag-boolean';
import { NET009 } from './schema/NET009-non-string-key';
import { NET010 } from './references/NET010-undefined-network';
import { NET011 } from './network-mode/NET011-network-mode-with-networks';
import { NET012 } from './network-mode/NET012-network-mode-service-unknown';
import { NET013 } from './network-mode/NET013-unusual-network-mode';
import { NET014 } from './network-mode/NET014-container-mode-empty';
import { NET015 } from './references/NET015-undefined-dependency';
import { NET016 } from './references/NET016-dependency-cycle';
import { NET017 } from './references/NET017-disabled-dependency';
import { NET018 } from './network-names/NET018-external-with-attributes';
import { NET019 } from './network-names/NET019-external-name-deprecated';
import { NET020 } from './network-names/NET020-external-name-conflict';
import { NET022 } from './network-names/NET022-external-network-ambiguous';
import { NET023 } from './network-names/NET023-external-default';
import { NET024 } from './network-names/NET024-duplicate-engine-name';
import { NET025 } from './network-names/NET025-predefined-network-name';
import { NET026 } from './references/NET026-unused-network';
import { NET027 } from './references/NET027-link-without-shared-network';
import { NET028 } from './references/NET028-left-default-network';
import { NET080 } from './network-mode/NET080-container-mode-ports';
import { NET081 } from './network-mode/NET081-container-mode-expose';
import { NET082 } from './network-mode/NET082-container-mode-hostname';
import { NET083 } from './network-mode/NET083-container-mode-dns';
import { NET084 } from './network-mode/NET084-container-mode-extra-hosts';
import { NET085 } from './network-mode/NET085-container-mode-links';
import { NET086 } from './network-mode/NET086-container-mode-mac-address';
import { NET088 } from './network-mode/NET088-host-mode-options';
import { NET130 } from './dns/NET130-dns-not-ip';
import { NET131 } from './dns/NET131-extra-host-missing-ip';
import { NET132 } from './dns/NET132-extra-host-bad-name';
import { NET133 } from './dns/NET133-extra-host-bad-ip';
import { NET134 } from './dns/NET134-extra-host-colon-ipv6';
import { NET135 } from './dns/NET135-hostname-rfc1123';
import { NET136 } from './dns/NET136-hostname-replicas';
import { NET150 } from './multi-file/NET150-override-network-mode-with-networks';
import { NET152 } from './multi-file/NET152-override-adds-subnet';
import { NET156 } from './multi-file/NET156-include-network-clash';
import { NET157 } from './multi-file/NET157-extends-undeclared-reference';

/** Structure, references and consistency (catalogue 4.1, 4.2, 4.5, 4.7, 4.8), in the order Compose meets them. */
export const referenceRules: Rule[] = [
  NET009,
  NET005,
  NET004,
  NET003,
  NET001,
  NET002,
  NET006,
  NET007,
  NET008,
  NET010,
  NET157,
  NET011,
  NET150,
  NET012,
  NET013,
  NET014,
  NET015,
  NET016,
  NET017,
  NET018,
  NET019,
  NET020,
  NET022,
  NET023,
  NET024,
  NET025,
  NET026,
  NET027,
  NET028,
  NET080,
  NET081,
  NET082,
  NET083,
  NET084,
  NET085,
  NET086,
  NET088,
  NET130,
  NET131,
  NET132,
  NET133,
  NET134,
  NET135,
  NET136,
  NET152,
  NET156,
];
