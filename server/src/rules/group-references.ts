import type { Rule } from './rule';
import { NET001 } from './NET001-unknown-network-property';
import { NET002 } from './NET002-unknown-ipam-property';
import { NET003 } from './NET003-network-key-pattern';
import { NET004 } from './NET004-network-not-mapping';
import { NET005 } from './NET005-networks-not-mapping';
import { NET006 } from './NET006-service-network-property';
import { NET007 } from './NET007-duplicate-service-network';
import { NET008 } from './NET008-network-flag-boolean';
import { NET009 } from './NET009-non-string-key';
import { NET010 } from './NET010-undefined-network';
import { NET011 } from './NET011-network-mode-with-networks';
import { NET012 } from './NET012-network-mode-service-unknown';
import { NET013 } from './NET013-unusual-network-mode';
import { NET014 } from './NET014-container-mode-empty';
import { NET015 } from './NET015-undefined-dependency';
import { NET016 } from './NET016-dependency-cycle';
import { NET017 } from './NET017-disabled-dependency';
import { NET018 } from './NET018-external-with-attributes';
import { NET019 } from './NET019-external-name-deprecated';
import { NET020 } from './NET020-external-name-conflict';
import { NET022 } from './NET022-external-network-ambiguous';
import { NET023 } from './NET023-external-default';
import { NET024 } from './NET024-duplicate-engine-name';
import { NET025 } from './NET025-predefined-network-name';
import { NET026 } from './NET026-unused-network';
import { NET027 } from './NET027-link-without-shared-network';
import { NET028 } from './NET028-left-default-network';
import { NET080 } from './NET080-container-mode-ports';
import { NET081 } from './NET081-container-mode-expose';
import { NET082 } from './NET082-container-mode-hostname';
import { NET083 } from './NET083-container-mode-dns';
import { NET084 } from './NET084-container-mode-extra-hosts';
import { NET085 } from './NET085-container-mode-links';
import { NET086 } from './NET086-container-mode-mac-address';
import { NET088 } from './NET088-host-mode-options';
import { NET130 } from './NET130-dns-not-ip';
import { NET131 } from './NET131-extra-host-missing-ip';
import { NET132 } from './NET132-extra-host-bad-name';
import { NET133 } from './NET133-extra-host-bad-ip';
import { NET134 } from './NET134-extra-host-colon-ipv6';
import { NET135 } from './NET135-hostname-rfc1123';
import { NET136 } from './NET136-hostname-replicas';
import { NET150 } from './NET150-override-network-mode-with-networks';
import { NET152 } from './NET152-override-adds-subnet';
import { NET156 } from './NET156-include-network-clash';
import { NET157 } from './NET157-extends-undeclared-reference';

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
