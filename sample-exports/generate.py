#!/usr/bin/env python3
"""Generate the mbxlint sample exports (stdlib only, deterministic).

Writes sample-exports/cross-tenant/: a cross-tenant migration snapshot, source
tenant contoso -> target tenant fabrikam, as the PowerShell exports an admin
would have produced (PowerShell 7 and Windows PowerShell 5.1 shapes, each in
its real encoding). Every GUID is uuid5-derived from a name; no randomness.

Run:  python3 sample-exports/generate.py
The planted problems are listed in cross-tenant/README.md and
expected/cross-tenant.json (both written by hand, not by this script).
"""

import datetime as _dt
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cross-tenant")

NS = uuid.uuid5(uuid.NAMESPACE_DNS, "mbxlint.samples.cross-tenant")
ZERO = "00000000-0000-0000-0000-000000000000"


def gid(*parts):
    """Deterministic GUID string from a name path."""
    return str(uuid.uuid5(NS, "/".join(parts)))


def ghex(*parts):
    return uuid.uuid5(NS, "/".join(parts)).hex


# --------------------------------------------------------------------------
# Value helpers
# --------------------------------------------------------------------------

class DT:
    """A DateTime; rendered ISO (PS7) or \\/Date(ms)\\/ (PS 5.1) at write time."""

    def __init__(self, y, mo, d, h=0, mi=0, s=0, utc_suffix=False):
        self.v = _dt.datetime(y, mo, d, h, mi, s, tzinfo=_dt.timezone.utc)
        self.utc_suffix = utc_suffix  # WhenChangedUTC style "...Z"

    def plus(self, days=0, hours=0, minutes=0, seconds=0):
        n = DT(2000, 1, 1)
        n.v = self.v + _dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        return n

    def utc(self):
        n = DT(2000, 1, 1, utc_suffix=True)
        n.v = self.v
        return n

    def iso7(self):
        base = self.v.strftime("%Y-%m-%dT%H:%M:%S") + ".0000000"
        return base + ("Z" if self.utc_suffix else "+00:00")

    def ms(self):
        return int(self.v.timestamp()) * 1000

    def de(self):  # de-DE ToString()
        return self.v.strftime("%d.%m.%Y %H:%M:%S")


def size(nbytes):
    """ByteQuantifiedSize.ToString(): '1.5 GB (1,610,612,736 bytes)'."""
    units = ["B", "KB", "MB", "GB", "TB"]
    v = float(nbytes)
    u = 0
    while v >= 1024 and u < len(units) - 1:
        v /= 1024
        u += 1
    if u == 0:
        num = str(int(nbytes))
    else:
        num = ("%.3f" % v).rstrip("0").rstrip(".")
    return "%s %s (%s bytes)" % (num, units[u], format(int(nbytes), ","))


GB = 1024 ** 3
MB = 1024 ** 2
KB = 1024


def gb(x):
    return int(round(x * GB))


Q = {
    "100GB": size(100 * GB), "99GB": size(99 * GB), "98GB": size(98 * GB),
    "50GB": size(50 * GB), "49.5GB": size(int(49.5 * GB)), "49GB": size(49 * GB),
    "30GB": size(30 * GB), "20GB": size(20 * GB), "100GBri": size(100 * GB),
    "90GB": size(90 * GB), "1.5TB": size(1536 * GB), "1.4TB": size(int(1.4 * 1024 * GB)),
    "6GB": size(6 * GB), "256KB": size(256 * KB), "35MB": size(35 * MB), "36MB": size(36 * MB),
}

# --------------------------------------------------------------------------
# Serialisers
# --------------------------------------------------------------------------


def _ps7_prepare(o):
    if isinstance(o, DT):
        return o.iso7()
    if isinstance(o, dict):
        return {k: _ps7_prepare(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_ps7_prepare(v) for v in o]
    return o


def ps7_json(obj):
    """PowerShell 7 ConvertTo-Json (Newtonsoft, Indented): 2-space indent,
    '"Key": value', non-ASCII literal, CRLF on Windows, trailing newline from
    Out-File/Set-Content."""
    text = json.dumps(_ps7_prepare(obj), indent=2, ensure_ascii=False)
    return text.replace("\n", "\r\n") + "\r\n"


_JSS_ESC = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n",
            "\r": "\\r", "\t": "\\t", "<": "\\u003c", ">": "\\u003e",
            "&": "\\u0026", "'": "\\u0027"}


def _jss_str(s):
    out = []
    for ch in s:
        if ch in _JSS_ESC:
            out.append(_JSS_ESC[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _jss(o):
    """Compact JavaScriptSerializer output (Windows PowerShell 5.1)."""
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, DT):
        return '"\\/Date(%d)\\/"' % o.ms()
    if isinstance(o, int):
        return str(o)
    if isinstance(o, float):
        return repr(o)
    if isinstance(o, str):
        return _jss_str(o)
    if isinstance(o, list):
        return "[" + ",".join(_jss(v) for v in o) + "]"
    if isinstance(o, dict):
        return "{" + ",".join(_jss_str(k) + ":" + _jss(v) for k, v in o.items()) + "}"
    raise TypeError(type(o))


def _pp51(json_text):
    """Windows PowerShell 5.1 ConvertTo-Json pretty printer (ConvertToPrettyJsonString):
    4-space indentation, two spaces after ':', nested containers indented
    relative to the column of their key, empty arrays as '[' CRLF CRLF ']'."""
    res = []
    s = json_text

    def quoted(i):  # s[i-1] == '"'; returns index of closing quote
        while True:
            res.append(s[i])
            if s[i] == '"':
                j, esc = i, False
                while j > 0 and s[j - 1] == "\\":
                    esc = not esc
                    j -= 1
                if not esc:
                    return i
            i += 1

    def conv_list(i, pad, nsp):
        res.append("\r\n")
        newpad = pad + " " * nsp + "    "
        head = True
        while True:
            c = s[i]
            if c == "{":
                res.append(newpad + c)
                i = conv_dict(i + 1, newpad, 0)
                head = False
            elif c == "[":
                res.append(newpad + c)
                i = conv_list(i + 1, newpad, 0)
                head = False
            elif c == "]":
                res.append("\r\n" + pad + " " * nsp + c)
                return i
            elif c == '"':
                if head:
                    res.append(newpad)
                res.append(c)
                i = quoted(i + 1)
                head = False
            elif c == ",":
                res.append(",\r\n")
                head = True
            else:
                if head:
                    res.append(newpad)
                res.append(c)
                head = False
            i += 1

    def conv_dict(i, pad, nsp):
        res.append("\r\n")
        newpad = pad + " " * nsp + "    "
        head, before, cnt = True, True, 0
        while True:
            c = s[i]
            if c == "{":
                res.append(c)
                i = conv_dict(i + 1, newpad, cnt)
                head = False
            elif c == "[":
                res.append(c)
                i = conv_list(i + 1, newpad, cnt)
                head = False
            elif c == "}":
                res.append("\r\n" + pad + " " * nsp + c)
                return i
            elif c == '"':
                if head:
                    res.append(newpad)
                res.append(c)
                end = quoted(i + 1)
                if before:
                    cnt += end - i + 1
                i = end
                head = False
            elif c == ":":
                res.append(":  ")
                if before:
                    cnt += 3
                head = False
                before = False
            elif c == ",":
                res.append(",\r\n")
                head, before, cnt = True, True, 0
            else:
                if head:
                    res.append(newpad)
                res.append(c)
                if before:
                    cnt += 1
                head = False
            i += 1

    if s.startswith("{"):
        res.append("{")
        conv_dict(1, "", 0)
    elif s.startswith("["):
        res.append("[")
        conv_list(1, "", 0)
    else:
        return s
    return "".join(res)


def ps51_json(obj):
    """Windows PowerShell 5.1: ConvertTo-Json ... > file  (Out-File adds CRLF)."""
    return _pp51(_jss(obj)) + "\r\n"


def csv_text(rows, cols, delim=",", type_line=None):
    lines = []
    if type_line:
        lines.append("#TYPE " + type_line)
    lines.append(delim.join('"%s"' % c for c in cols))
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            if v is None:
                cells.append("")  # $null -> empty, unquoted
                continue
            if v is True:
                v = "True"
            elif v is False:
                v = "False"
            cells.append('"%s"' % str(v).replace('"', '""'))
        lines.append(delim.join(cells))
    return "\r\n".join(lines) + "\r\n"


def write(rel, text, encoding):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding == "utf-8":
        data = text.encode("utf-8")
    elif encoding == "ascii":  # Windows PowerShell 5.1 Export-Csv default: non-ASCII -> '?'
        data = text.encode("ascii", errors="replace")
    else:
        raise ValueError(encoding)
    with open(path, "wb") as f:
        f.write(data)


# --------------------------------------------------------------------------
# Tenants
# --------------------------------------------------------------------------

SRC = {
    "name": "contoso", "initial": "contoso.onmicrosoft.com", "vanity": "contoso.com",
    "coex": "contoso.mail.onmicrosoft.com", "tenant_id": gid("tenant", "contoso"),
    "forest": "NAMPR03A001", "partition": "nampr03.prod.outlook.com",
    "dc": "SN6PR03A01DC004.NAMPR03A001.PROD.OUTLOOK.COM", "server_prefix": "SN6PR03MB",
    "dbprefix": "NAMPR03DG", "usage": "United States",
}
TGT = {
    "name": "fabrikam", "initial": "fabrikam.onmicrosoft.com", "vanity": "fabrikam.com",
    "coex": "fabrikam.mail.onmicrosoft.com", "tenant_id": gid("tenant", "fabrikam"),
    "forest": "EURPR05A002", "partition": "eurprd05.prod.outlook.com",
    "dc": "AM6PR05A02DC001.EURPR05A002.PROD.OUTLOOK.COM", "server_prefix": "AM6PR05MB",
    "dbprefix": "EURPR05DG", "usage": "Germany",
}
APP_ID = gid("app", "contoso-fabrikam-t2t")
MAILBOX_PLAN = {"contoso": "ExchangeOnlineEnterprise-" + gid("mailboxplan", "contoso"),
                "fabrikam": "ExchangeOnlineEnterprise-" + gid("mailboxplan", "fabrikam")}
SNAPSHOT = DT(2025, 3, 14, 9, 12, 40)

SKU = {
    "SPE_E3": "05e9a617-0261-4cee-bb44-138d3ef5d965",
    "Cross_tenant_user_data_migration": "946ce899-873d-44bb-9d8b-671870cbfdbf",
    "EXCHANGEENTERPRISE": "19ec0d23-8335-4cbd-94ac-6050e30712fa",
    "EMS": "efccb6f7-5641-4e0e-bd10-b4976e1bf68e",
}
T2T_CAP = "ExchangeT2TMbxMove"

# Properties left out so each record stays around 100 properties (Source A has ~336; these are the
# least interesting for migration checks).
DROP_MAILBOX = set("""
MailboxRegionSuffix RetainDeletedItemsUntilBackup IsExcludedFromServingHierarchy IsHierarchyReady IsHierarchySyncEnabled IsPublicFolderSystemMailbox HasSnackyAppData PitrEnabled
PitrCopyIntervalInSeconds PitrPaused PitrPausedTimestamp PitrOffboarded MailboxContainerGuid UnifiedMailbox AggregatedMailboxGuids MessageTrackingReadStatusEnabled
OfflineAddressBook DowngradeHighPriorityMessagesEnabled SiloName IsRootPublicFolderMailbox LinkedMasterAccount ResetPasswordOnNextLogon ResourceCustom SCLDeleteThreshold
SCLDeleteEnabled SCLRejectThreshold SCLRejectEnabled SCLQuarantineThreshold SCLQuarantineEnabled SCLJunkThreshold SCLJunkEnabled AntispamBypassEnabled
Office UMEnabled MaxSafeSenders MaxBlockedSenders ReconciliationId ThrottlingPolicy DefaultPublicFolderMailbox EffectivePublicFolderMailbox
RemoteAccountPolicy JournalArchiveAddress QueryBaseDN QueryBaseDNRestrictionEnabled MailboxMoveTargetMDB MailboxMoveSourceMDB MailboxMoveRemoteHostName IsPersonToPersonTextMessagingEnabled
IsMachineToPersonTextMessagingEnabled UserSMimeCertificate UserCertificate CalendarVersionStoreDisabled AuditAdmin AuditDelegate AuditOwner SourceAnchor
IncludeInGarbageCollection GeneratedOfflineAddressBooks NonCompliantDevices EnforcedTimestamps DataEncryptionPolicy MessageCopyForSMTPClientSubmissionEnabled RecipientThrottlingThreshold SharedEmailDomainTenant
SharedEmailDomainState SharedWithTargetSmtpAddress MailTipTranslations AcceptMessagesOnlyFromDLMembers AcceptMessagesOnlyFromSendersOrMembers AdministrativeUnits BypassModerationFromSendersOrMembers CustomAttribute2
CustomAttribute10 CustomAttribute15 ExtensionCustomAttribute1 ExternalDirectoryObjectIdWritable LastExchangeChangedTime ModeratedBy PoliciesIncluded PoliciesExcluded
RejectMessagesFromDLMembers RejectMessagesFromSendersOrMembers SimpleDisplayName SendModerationNotifications UMDtmfMap OrganizationalUnitRoot MailboxProvisioningPreferences MailboxRegionLastUpdateTime
IsMonitoringMailbox CalendarRepairDisabled ManagedFolderMailboxPolicy AddressBookPolicy OrphanSoftDeleteTrackingTime UseDatabaseRetentionDefaults UseDatabaseQuotaDefaults CalendarLoggingQuota
ArchiveDomain DisabledMailboxLocations ImmutableId DefaultAuditSet MailboxProvisioningConstraint NetID RejectMessagesFrom RoleAssignmentPolicy
MessageCopyForSentAsEnabled MessageCopyForSendOnBehalfEnabled DeliverToMailboxAndForward EndDateForRetentionHold
StartDateForRetentionHold RetentionComment RetentionUrl AdminDisplayVersion IsMailboxEnabled RecipientLimits IsLinked RulesQuota
SharingPolicy MailboxMoveFlags AuditEnabled AcceptMessagesOnlyFrom OrganizationalUnit MaxReceiveSize ModerationEnabled MailTip
RequireSenderAuthenticationEnabled ObjectCategory AddressListMembership Languages ExternalOofOptions
""".split())
DROP_MAILUSER = set("""
UsePreferMessageFormat MacAttachmentFormat UseMapiRichTextFormat NetID CalendarLoggingQuota MailboxProvisioningConstraint MailboxProvisioningPreferences MailboxRegion
JournalArchiveAddress AcceptMessagesOnlyFromDLMembers AcceptMessagesOnlyFromSendersOrMembers AdministrativeUnits BypassModerationFromSendersOrMembers CustomAttribute2 CustomAttribute10 CustomAttribute15
ExtensionCustomAttribute1 ExternalDirectoryObjectIdWritable LastExchangeChangedTime ModeratedBy PoliciesIncluded PoliciesExcluded RejectMessagesFromDLMembers RejectMessagesFromSendersOrMembers
SimpleDisplayName SendModerationNotifications UMDtmfMap OrganizationalUnitRoot RetentionComment RetentionUrl
""".split())


def legacy_dn(tenant, alias):
    return ("/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=%s-%s"
            % (ghex(tenant, "legdn", alias), alias))


def dn(t, name):
    return ("CN=%s,OU=%s,OU=Microsoft Exchange Hosted Organizations,DC=%s,DC=PROD,DC=OUTLOOK,DC=COM"
            % (name, t["initial"], t["forest"]))


def org_id(t):
    return ("%s.prod.outlook.com/Microsoft Exchange Hosted Organizations/%s - %s.prod.outlook.com/"
            "ConfigurationUnits/%s/Configuration" % (t["forest"], t["initial"], t["forest"], t["initial"]))


def sam(t, alias):
    h = ghex(t["name"], "sam", alias).upper()
    return "$%s-%s" % (h[:6], h[6:18])


def db_name(t, key):
    n = int(ghex(t["name"], "db", key)[:6], 16)
    return "%s%03d-db%03d" % (t["dbprefix"], n % 200, (n >> 8) % 300)


def server(t, key):
    n = int(ghex(t["name"], "srv", key)[:6], 16)
    return "%s%04d" % (t["server_prefix"], n % 9000 + 1000)


# --------------------------------------------------------------------------
# The source mailboxes (24). Fields describe the intended *correct* pairing;
# "plant" lists the deliberate breakages applied further down.
# --------------------------------------------------------------------------

P = [
    # alias, display, first.last local part, type, extra
    dict(alias="LaraN", display="Lara Newton", local="Lara.Newton", kind="User", archive=True,
         wave=["wave1"], sendonbehalf=["AdeleV"]),
    dict(alias="AdeleV", display="Adele Vance", local="Adele.Vance", kind="User", wave=["wave1"],
         src_x500=["/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=adelev"]),
    dict(alias="AlexW", display="Alex Wilber", local="Alex.Wilber", kind="User", wave=["wave1"],
         inplace=["-mbx" + ghex("policy", "exclusion-alexw"), "grp" + ghex("policy", "teams-retention") + ":3"]),
    dict(alias="MeganB", display="Megan Bowen", local="Megan.Bowen", kind="User", archive=True, wave=["wave1"],
         src_x500=["/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=meganb",
                   "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="
                   + ghex("oldtenant", "MeganB") + "-MeganB"],
         tgt_dirsynced=True),
    dict(alias="DiegoS", display="Diego Siciliani", local="Diego.Siciliani", kind="User", wave=["wave2"],
         src_x500=["/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=diegos"],
         x400="C=US;A= ;P=Contoso;O=Exchange;S=Siciliani;G=Diego;", tgt_dirsynced=True,
         ext_primary=True, batch_lower=True),
    dict(alias="Sales", display="Contoso Sales & Marketing", local="Sales", kind="Shared", wave=["wave1"],
         fullaccess=["LaraN", "AdeleV"]),
    dict(alias="ConfRoomRainier", display="Conf Room Rainier", local="ConfRoomRainier", kind="Room",
         wave=["wave2"], capacity=12),
    # ---- problem mailboxes ----
    dict(alias="IsaiahL", display="Isaiah Langer", local="Isaiah.Langer", kind="User", wave=["wave1", "wave2"]),
    dict(alias="JohannaL", display="Johanna Lorenz", local="Johanna.Lorenz", kind="User", wave=["wave1"]),
    dict(alias="JoniS", display="Joni Sherman", local="Joni.Sherman", kind="User", archive=True, wave=["wave1"]),
    dict(alias="LeeG", display="Lee Gu", local="Lee.Gu", kind="User", wave=["wave1"], in_scope=False,
         src_x500=["/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=leeg"]),
    dict(alias="LidiaH", display="Lidia Holloway", local="Lidia.Holloway", kind="User", wave=["wave1"],
         src_x500=["/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=lidiah",
                   "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="
                   + ghex("oldtenant", "LidiaH") + "-LidiaH"]),
    dict(alias="ConfRoomBaker", display="Conf Room Baker", local="ConfRoomBaker", kind="Room", wave=[],
         capacity=6, no_target=True),
    dict(alias="MiriamG", display="Miriam Graham", local="Miriam.Graham", kind="User", wave=["wave1"],
         fullaccess=["PradeepG"]),
    dict(alias="PattiF", display="Patti Fernandez", local="Patti.Fernandez", kind="User", wave=["wave2"]),
    dict(alias="PradeepG", display="Pradeep Gupta", local="Pradeep.Gupta", kind="User", wave=["wave2"],
         x400="C=US;A= ;P=Contoso;O=Exchange;S=Gupta;G=Pradeep;"),
    dict(alias="GradyA", display="Grady Archie", local="Grady.Archie", kind="User", wave=[]),
    dict(alias="AccountsPayable", display="Accounts Payable", local="AccountsPayable", kind="Shared",
         archive=True, wave=["wave2"], fullaccess=["HenriettaM", "IrvinS"]),
    dict(alias="EnricoC", display="Enrico Cattaneo", local="Enrico.Cattaneo", kind="User", archive=True,
         wave=["wave2"], inactive=True, in_scope=False),
    dict(alias="HenriettaM", display="Henrietta Müller", local="Henrietta.Mueller", kind="User", archive=True,
         wave=["wave2"], inplace=["mbx" + ghex("policy", "finance-delete-3y") + ":1"], t2t=False),
    dict(alias="IrvinS", display="Irvin Sayers", local="Irvin.Sayers", kind="User", wave=["wave2"]),
    dict(alias="AllanD", display="Allan Deyoung", local="Allan.Deyoung", kind="User", archive=True,
         wave=["wave2"], autoexpand=True, aux=13),
    dict(alias="SeanO", display="Sean O'Brien", local="Sean.OBrien", kind="User", archive=True,
         wave=["wave1"], autoexpand=True, aux=2),
    dict(alias="DebraB", display="Debra Berger", local="Debra.Berger", kind="User", wave=["wave2"],
         target_is_mailbox=True),
]
BY = {p["alias"]: p for p in P}
assert len(P) == 24

# Mailbox sizes (bytes): TotalItemSize, TotalDeletedItemSize, items, deleted items
STATS = {
    "LaraN": (gb(14.27), gb(0.82), 48211, 1893), "AdeleV": (gb(6.1), gb(0.31), 23110, 702),
    "AlexW": (gb(9.84), gb(1.2), 30871, 2210), "MeganB": (gb(22.45), gb(2.7), 81234, 6120),
    "DiegoS": (gb(3.02), int(412.5 * MB), 11873, 934), "Sales": (gb(17.9), gb(1.9), 64520, 3301),
    "ConfRoomRainier": (int(84.2 * MB), int(3.1 * MB), 1432, 88), "IsaiahL": (gb(11.3), gb(0.95), 40122, 1550),
    "JohannaL": (gb(7.74), gb(0.4), 25503, 812), "JoniS": (95 * GB + 4 * MB, gb(3.1), 312004, 9810),
    "LeeG": (gb(4.4), gb(0.2), 15870, 401), "LidiaH": (gb(18.6), gb(2.05), 70215, 4420),
    "ConfRoomBaker": (int(31.7 * MB), int(1.2 * MB), 610, 41), "MiriamG": (gb(12.9), gb(1.1), 44790, 2006),
    "PattiF": (gb(8.8), gb(0.66), 29980, 1212), "PradeepG": (gb(5.35), gb(0.52), 18007, 977),
    "GradyA": (gb(2.2), int(150.3 * MB), 7702, 310), "AccountsPayable": (gb(41.3), gb(34.6), 166020, 120455),
    "EnricoC": (gb(26.4), gb(12.2), 90110, 30551), "HenriettaM": (gb(19.75), gb(4.3), 72001, 10230),
    "IrvinS": (gb(10.05), gb(1.6), 35402, 2890), "AllanD": (gb(48.2), gb(6.4), 160440, 15020),
    "SeanO": (gb(33.1), gb(2.9), 110233, 7340), "DebraB": (gb(6.66), gb(0.29), 21904, 655),
}
ARCH_STATS = {
    "LaraN": (gb(8.1), gb(0.12), 30112, 240), "MeganB": (gb(31.6), gb(0.5), 98220, 1030),
    "JoniS": (gb(62.3), gb(0.9), 201330, 2210), "AccountsPayable": (gb(55.2), gb(1.4), 190007, 3012),
    "EnricoC": (gb(40.7), gb(2.2), 130044, 5601), "HenriettaM": (gb(12.5), gb(0.3), 40210, 710),
    "AllanD": (gb(99.1), gb(1.8), 350112, 4410), "SeanO": (gb(97.4), gb(0.7), 330009, 1802),
}


def src_addrs(p):
    t = SRC
    a = p["alias"]
    primary = "%s@%s" % (p["local"], t["vanity"])
    return {
        "primary": primary,
        "initial": "%s@%s" % (a, t["initial"]),
        "coex": "%s@%s" % (a, t["coex"]),
        "upn": "%s@%s" % (a, t["vanity"]),
    }


def tgt_addrs(p):
    t = TGT
    a = p["alias"]
    return {
        "primary": "%s@%s" % (p["local"], t["vanity"]),
        "initial": "%s@%s" % (a, t["initial"]),
        "coex": "%s@%s" % (a, t["coex"]),
        "upn": "%s@%s" % (a, t["vanity"]),
    }


def created(i, tenant):
    base = DT(2021, 2, 3, 8, 14, 5) if tenant == "contoso" else DT(2024, 11, 18, 13, 2, 51)
    return base.plus(days=37 * i, hours=i % 7, minutes=(i * 13) % 60, seconds=(i * 29) % 60)


def changed(i, tenant):
    base = DT(2025, 2, 10, 6, 40, 0) if tenant == "contoso" else DT(2025, 3, 3, 10, 5, 0)
    return base.plus(days=i % 25, hours=(i * 5) % 24, minutes=(i * 7) % 60, seconds=(i * 11) % 60)


def src_x500_all(p):
    return [legacy_dn("contoso", p["alias"])] + p.get("src_x500", [])


# --------------------------------------------------------------------------
# Exchange Online Get-Mailbox record (full property set, modelled on Source A)
# --------------------------------------------------------------------------

def mailbox_record(p, i, t, *, exchange_guid, archive_guid, emails, primary, upn, legdn,
                   edoid, obj_guid, persisted, sku_assigned, holds, inactive=False,
                   disabled_archive=ZERO, aux=0, autoexpand=False, sendonbehalf=(), dirsynced=False):
    tn = t["name"]
    alias = p["alias"]
    kind = p["kind"]
    rtd = {"User": "UserMailbox", "Shared": "SharedMailbox", "Room": "RoomMailbox"}[kind]
    wc = created(i, tn)
    wch = changed(i, tn)
    dbk = db_name(t, alias)
    dbguid = gid(tn, "dbguid", dbk)
    has_archive = archive_guid != ZERO
    arch_db = db_name(t, alias + "-archive") if has_archive else None
    arch_db_guid = gid(tn, "dbguid", arch_db) if has_archive else ZERO
    locs = ["1;%s;Primary;%s;%s" % (exchange_guid, t["partition"], dbguid)]
    if has_archive:
        locs.append("1;%s;MainArchive;%s;%s" % (archive_guid, t["partition"], arch_db_guid))
    for n in range(aux):
        auxdb = db_name(t, "%s-aux%d" % (alias, n))
        locs.append("1;%s;AuxArchive;%s;%s" % (gid(tn, "aux", alias, str(n)), t["partition"],
                                                gid(tn, "dbguid", auxdb)))
    licensed_user = kind == "User" or (kind == "Shared" and has_archive)
    big = licensed_user
    lit = holds.get("lit", False)
    on_hold = lit or any(h.startswith(("mbx", "UniH", "cld", "skp")) for h in holds.get("inplace", []))
    ri_quota = Q["100GB"] if (has_archive or on_hold) else Q["30GB"]
    ri_warn = Q["90GB"] if ri_quota == Q["100GB"] else Q["20GB"]
    srv = server(t, alias)
    rec = {
        "Database": dbk,
        "MailboxProvisioningConstraint": None,
        "IsMonitoringMailbox": False,
        "MailboxRegion": None,
        "MailboxRegionLastUpdateTime": None,
        "MailboxRegionSuffix": "None",
        "MessageCopyForSentAsEnabled": kind == "Shared",
        "MessageCopyForSendOnBehalfEnabled": kind == "Shared",
        "MailboxProvisioningPreferences": [],
        "UseDatabaseRetentionDefaults": False,
        "RetainDeletedItemsUntilBackup": False,
        "DeliverToMailboxAndForward": False,
        "IsExcludedFromServingHierarchy": False,
        "IsHierarchyReady": True,
        "IsHierarchySyncEnabled": True,
        "IsPublicFolderSystemMailbox": False,
        "HasSnackyAppData": False,
        "LitigationHoldEnabled": lit,
        "SingleItemRecoveryEnabled": True,
        "RetentionHoldEnabled": False,
        "EndDateForRetentionHold": None,
        "StartDateForRetentionHold": None,
        "RetentionComment": "",
        "RetentionUrl": "",
        "LitigationHoldDate": holds.get("lit_date"),
        "LitigationHoldOwner": holds.get("lit_owner", ""),
        "ElcProcessingDisabled": False,
        "ComplianceTagHoldApplied": holds.get("tag", False),
        "WasInactiveMailbox": False,
        "DelayHoldApplied": holds.get("delay", False),
        "DelayReleaseHoldApplied": holds.get("delayrelease", False),
        "PitrEnabled": False,
        "PitrCopyIntervalInSeconds": 0,
        "PitrPaused": False,
        "PitrPausedTimestamp": None,
        "PitrOffboarded": False,
        "InactiveMailboxRetireTime": None,
        "OrphanSoftDeleteTrackingTime": None,
        "LitigationHoldDuration": "Unlimited",
        "ManagedFolderMailboxPolicy": None,
        "RetentionPolicy": "Default MRM Policy",
        "AddressBookPolicy": None,
        "CalendarRepairDisabled": False,
        "ExchangeGuid": exchange_guid,
        "MailboxContainerGuid": None,
        "UnifiedMailbox": None,
        "MailboxLocations": locs,
        "AggregatedMailboxGuids": [],
        "ExchangeSecurityDescriptor": "System.Security.AccessControl.RawSecurityDescriptor",
        "ExchangeUserAccountControl": "AccountDisabled" if kind != "User" else "None",
        "AdminDisplayVersion": "Version 15.20 (Build 8722.19)",
        "MessageTrackingReadStatusEnabled": True,
        "ExternalOofOptions": "External",
        "ForwardingAddress": None,
        "ForwardingSmtpAddress": None,
        "RetainDeletedItemsFor": "14.00:00:00",
        "IsMailboxEnabled": True,
        "Languages": ["en-US"] if tn == "contoso" else ["de-DE"],
        "OfflineAddressBook": None,
        "ProhibitSendQuota": Q["99GB"] if big else Q["49.5GB"],
        "ProhibitSendReceiveQuota": Q["100GB"] if big else Q["50GB"],
        "RecoverableItemsQuota": ri_quota,
        "RecoverableItemsWarningQuota": ri_warn,
        "CalendarLoggingQuota": Q["6GB"],
        "DowngradeHighPriorityMessagesEnabled": False,
        "ProtocolSettings": ["RemotePowerShell§1"] if kind == "User" else [],
        "RecipientLimits": "500",
        "ImListMigrationCompleted": False,
        "SiloName": None,
        "IsResource": kind == "Room",
        "IsLinked": False,
        "IsShared": kind == "Shared",
        "IsRootPublicFolderMailbox": False,
        "LinkedMasterAccount": "",
        "ResetPasswordOnNextLogon": False,
        "ResourceCapacity": p.get("capacity"),
        "ResourceCustom": [],
        "ResourceType": "Room" if kind == "Room" else None,
        "RoomMailboxAccountEnabled": False if kind == "Room" else None,
        "SamAccountName": sam(t, alias),
        "SCLDeleteThreshold": None,
        "SCLDeleteEnabled": None,
        "SCLRejectThreshold": None,
        "SCLRejectEnabled": None,
        "SCLQuarantineThreshold": None,
        "SCLQuarantineEnabled": None,
        "SCLJunkThreshold": None,
        "SCLJunkEnabled": None,
        "AntispamBypassEnabled": False,
        "ServerLegacyDN": "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=" + srv,
        "ServerName": srv.lower(),
        "UseDatabaseQuotaDefaults": False,
        "IssueWarningQuota": Q["98GB"] if big else Q["49GB"],
        "RulesQuota": Q["256KB"],
        "Office": "",
        "UserPrincipalName": upn,
        "UMEnabled": False,
        "MaxSafeSenders": None,
        "MaxBlockedSenders": None,
        "NetID": None if kind != "User" else "1003%012X" % int(ghex(tn, "netid", alias)[:10], 16),
        "ReconciliationId": None,
        "WindowsLiveID": upn,
        "MicrosoftOnlineServicesID": upn,
        "ThrottlingPolicy": None,
        "RoleAssignmentPolicy": "Default Role Assignment Policy",
        "DefaultPublicFolderMailbox": None,
        "EffectivePublicFolderMailbox": None,
        "SharingPolicy": "Default Sharing Policy",
        "RemoteAccountPolicy": None,
        "MailboxPlan": MAILBOX_PLAN[tn],
        "ArchiveDatabase": arch_db,
        "ArchiveDatabaseGuid": arch_db_guid,
        "ArchiveGuid": archive_guid,
        "ArchiveName": ["In-Place Archive -" + p["display"]] if has_archive else [],
        "JournalArchiveAddress": "",
        "ArchiveQuota": (Q["1.5TB"] if autoexpand else Q["100GB"]) if has_archive else Q["100GB"],
        "ArchiveWarningQuota": (Q["1.4TB"] if autoexpand else Q["90GB"]) if has_archive else Q["90GB"],
        "ArchiveDomain": None,
        "ArchiveStatus": "Active" if has_archive else "None",
        "ArchiveState": "Local" if has_archive else "None",
        "AutoExpandingArchiveEnabled": autoexpand,
        "DisabledMailboxLocations": False,
        "RemoteRecipientType": "None",
        "DisabledArchiveDatabase": db_name(t, alias + "-oldarchive") if disabled_archive != ZERO else None,
        "DisabledArchiveGuid": disabled_archive,
        "QueryBaseDN": None,
        "QueryBaseDNRestrictionEnabled": False,
        "MailboxMoveTargetMDB": None,
        "MailboxMoveSourceMDB": None,
        "MailboxMoveFlags": "None",
        "MailboxMoveRemoteHostName": "",
        "MailboxMoveBatchName": "",
        "MailboxMoveStatus": "None",
        "MailboxRelease": "E15",
        "ArchiveRelease": "E15" if has_archive else "",
        "IsPersonToPersonTextMessagingEnabled": False,
        "IsMachineToPersonTextMessagingEnabled": True,
        "UserSMimeCertificate": [],
        "UserCertificate": [],
        "CalendarVersionStoreDisabled": False,
        "ImmutableId": "",
        "PersistedCapabilities": persisted,
        "SKUAssigned": sku_assigned,
        "AuditEnabled": True,
        "AuditLogAgeLimit": "90.00:00:00",
        "AuditAdmin": ["Update", "MoveToDeletedItems", "SoftDelete", "HardDelete", "SendAs", "SendOnBehalf",
                       "Create", "UpdateFolderPermissions", "UpdateInboxRules", "UpdateCalendarDelegation",
                       "ApplyRecord", "MailItemsAccessed", "Send"],
        "AuditDelegate": ["Update", "MoveToDeletedItems", "SoftDelete", "HardDelete", "SendAs", "SendOnBehalf",
                          "Create", "UpdateFolderPermissions", "UpdateInboxRules", "ApplyRecord",
                          "MailItemsAccessed"],
        "AuditOwner": ["Update", "MoveToDeletedItems", "SoftDelete", "HardDelete", "UpdateFolderPermissions",
                       "UpdateInboxRules", "UpdateCalendarDelegation", "ApplyRecord", "MailItemsAccessed", "Send"],
        "DefaultAuditSet": ["Admin", "Delegate", "Owner"],
        "WhenMailboxCreated": wc.plus(minutes=3),
        "SourceAnchor": "",
        "UsageLocation": t["usage"],
        "IsSoftDeletedByRemove": inactive,
        "IsSoftDeletedByDisable": False,
        "IsInactiveMailbox": inactive,
        "IncludeInGarbageCollection": False,
        "WhenSoftDeleted": DT(2025, 1, 20, 16, 44, 9) if inactive else None,
        "InPlaceHolds": holds.get("inplace", []),
        "GeneratedOfflineAddressBooks": [],
        "AccountDisabled": kind != "User" or inactive,
        "StsRefreshTokensValidFrom": wch.plus(days=-20) if kind == "User" else None,
        "NonCompliantDevices": [],
        "EnforcedTimestamps": None,
        "DataEncryptionPolicy": None,
        "MessageCopyForSMTPClientSubmissionEnabled": True,
        "RecipientThrottlingThreshold": "Standard",
        "SharedEmailDomainTenant": "",
        "SharedEmailDomainState": "None",
        "SharedWithTargetSmtpAddress": "",
        "MailTipTranslations": [],
        "ExternalDirectoryObjectId": edoid,
        "AcceptMessagesOnlyFrom": [],
        "AcceptMessagesOnlyFromDLMembers": [],
        "AcceptMessagesOnlyFromSendersOrMembers": [],
        "AddressListMembership": ["\\Mailboxes(VLV)", "\\All Mailboxes(VLV)", "\\All Recipients(VLV)",
                                  "\\Offline Global Address List", "\\Default Global Address List"]
                                 + (["\\All Rooms"] if kind == "Room" else ["\\All Users"]),
        "AdministrativeUnits": [],
        "Alias": alias,
        "ArbitrationMailbox": None,
        "BypassModerationFromSendersOrMembers": [],
        "OrganizationalUnit": "%s.prod.outlook.com/Microsoft Exchange Hosted Organizations/%s"
                              % (t["forest"], t["initial"]),
        "CustomAttribute1": "",
        "CustomAttribute2": "",
        "CustomAttribute10": "",
        "CustomAttribute15": "",
        "ExtensionCustomAttribute1": [],
        "DisplayName": p["display"],
        "EmailAddresses": emails,
        "GrantSendOnBehalfTo": list(sendonbehalf),
        "ExternalDirectoryObjectIdWritable": False,
        "HiddenFromAddressListsEnabled": inactive,
        "LastExchangeChangedTime": None,
        "LegacyExchangeDN": legdn,
        "MaxSendSize": Q["35MB"],
        "MaxReceiveSize": Q["36MB"],
        "ModeratedBy": [],
        "ModerationEnabled": False,
        "PoliciesIncluded": [],
        "PoliciesExcluded": [],
        "EmailAddressPolicyEnabled": False,
        "PrimarySmtpAddress": primary,
        "RecipientType": "UserMailbox",
        "RecipientTypeDetails": rtd,
        "RejectMessagesFrom": [],
        "RejectMessagesFromDLMembers": [],
        "RejectMessagesFromSendersOrMembers": [],
        "RequireSenderAuthenticationEnabled": kind == "Room",
        "SimpleDisplayName": "",
        "SendModerationNotifications": "Always",
        "UMDtmfMap": [],
        "WindowsEmailAddress": primary,
        "MailTip": None,
        "Identity": alias,
        "IsValid": True,
        "ExchangeVersion": "0.20 (15.0.0.0)",
        "Name": alias,
        "DistinguishedName": dn(t, alias),
        "Guid": obj_guid,
        "ObjectCategory": "%s.prod.outlook.com/Configuration/Schema/Person" % t["forest"],
        "ObjectClass": ["top", "person", "organizationalPerson", "user"],
        "WhenChanged": wch,
        "WhenCreated": wc,
        "WhenChangedUTC": wch.utc(),
        "WhenCreatedUTC": wc.utc(),
        "ExchangeObjectId": obj_guid,
        "OrganizationalUnitRoot": t["initial"],
        "OrganizationId": org_id(t),
        "Id": alias,
        "OriginatingServer": t["dc"],
        "ObjectState": "Unchanged",
        "IsDirSynced": dirsynced,
    }
    return {k: v for k, v in rec.items() if k not in DROP_MAILBOX}


# --------------------------------------------------------------------------
# Build the source side
# --------------------------------------------------------------------------

def src_exchange_guid(p):
    return gid("contoso", "exchangeguid", p["alias"])


def src_archive_guid(p):
    return gid("contoso", "archiveguid", p["alias"]) if p.get("archive") else ZERO


def src_emails(p):
    a = src_addrs(p)
    alias = p["alias"]
    out = []
    if p["kind"] == "User":
        out.append("SPO:SPO_%s@SPO_%s" % (gid("contoso", "spo", alias), SRC["tenant_id"]))
        out.append("SIP:%s" % a["primary"].lower())
    for x in p.get("src_x500", []):
        out.append("x500:" + x)
    out.append("smtp:" + a["initial"])
    if p.get("x400"):
        out.append("X400:" + p["x400"])
    out.append("SMTP:" + a["primary"])
    out.append("smtp:" + a["coex"])
    return out


def src_has_t2t(p):
    return p.get("t2t", True) and not p.get("inactive")


def build_source():
    mbx = []
    for i, p in enumerate(P):
        a = src_addrs(p)
        holds = {}
        if p.get("inplace"):
            holds["inplace"] = p["inplace"]
        if p["alias"] == "EnricoC":
            holds.update(lit=True, lit_date=DT(2024, 6, 3, 11, 20, 0), lit_owner="admin@contoso.onmicrosoft.com")
        if p["alias"] == "IrvinS":
            holds["delay"] = True
        kind = p["kind"]
        if p.get("inactive"):
            persisted = []
            sku = None
        else:
            persisted = []
            if kind == "User" or (kind == "Shared" and p.get("archive")):
                persisted.append("BPOS_S_Enterprise")
            if src_has_t2t(p):
                persisted.append(T2T_CAP)
            sku = "BPOS_S_Enterprise" in persisted
        rec = mailbox_record(
            p, i, SRC,
            exchange_guid=src_exchange_guid(p), archive_guid=src_archive_guid(p),
            emails=src_emails(p), primary=a["primary"], upn=a["upn"],
            legdn=legacy_dn("contoso", p["alias"]), edoid=gid("contoso", "edoid", p["alias"]),
            obj_guid=gid("contoso", "objguid", p["alias"]), persisted=persisted, sku_assigned=sku,
            holds=holds, inactive=p.get("inactive", False),
            disabled_archive=gid("contoso", "disabledarchive", p["alias"]) if p["alias"] == "IrvinS" else ZERO,
            aux=p.get("aux", 0), autoexpand=p.get("autoexpand", False),
            sendonbehalf=p.get("sendonbehalf", ()),
        )
        if p.get("inactive"):
            rec["InactiveMailboxRetireTime"] = None
            rec["MailboxMoveStatus"] = "None"
        mbx.append(rec)
    return mbx


# --------------------------------------------------------------------------
# Target MailUser (Get-MailUser)
# --------------------------------------------------------------------------

def tgt_emails(p, legdn_src):
    a = tgt_addrs(p)
    out = ["x500:" + legdn_src]
    out += ["x500:" + x for x in p.get("src_x500", [])]
    if p.get("x400"):
        out.append("X400:" + p["x400"])
    out.append("smtp:" + a["initial"])
    out.append("SMTP:" + a["primary"])
    return out


def mailuser_record(p, i, *, exchange_guid, archive_guid, emails, primary, ext, edoid, obj_guid,
                    persisted, dirsynced):
    t = TGT
    alias = p["alias"]
    upn = tgt_addrs(p)["upn"]
    wc = created(i, "fabrikam")
    wch = changed(i, "fabrikam")
    rec = {
        "ExternalEmailAddress": ext,
        "UsePreferMessageFormat": False,
        "MessageFormat": "Mime",
        "MessageBodyFormat": "TextAndHtml",
        "MacAttachmentFormat": "BinHex",
        "ProtocolSettings": [],
        "RecipientLimits": "500",
        "SamAccountName": sam(t, alias),
        "UseMapiRichTextFormat": "UseDefaultSettings",
        "UserPrincipalName": upn,
        "WindowsLiveID": upn,
        "MicrosoftOnlineServicesID": upn,
        "NetID": "1003%012X" % int(ghex("fabrikam", "netid", alias)[:10], 16),
        "ExchangeUserAccountControl": "None",
        "RecoverableItemsQuota": Q["30GB"],
        "RecoverableItemsWarningQuota": Q["20GB"],
        "CalendarLoggingQuota": Q["6GB"],
        "LitigationHoldEnabled": False,
        "SingleItemRecoveryEnabled": False,
        "RetentionHoldEnabled": False,
        "EndDateForRetentionHold": None,
        "StartDateForRetentionHold": None,
        "RetentionComment": "",
        "RetentionUrl": "",
        "LitigationHoldDate": None,
        "LitigationHoldOwner": "",
        "ComplianceTagHoldApplied": False,
        "DelayHoldApplied": False,
        "DelayReleaseHoldApplied": False,
        "InPlaceHolds": [],
        "LitigationHoldDuration": "Unlimited",
        "RetainDeletedItemsFor": "14.00:00:00",
        "ExchangeGuid": exchange_guid,
        "ArchiveGuid": archive_guid,
        "ArchiveName": ["In-Place Archive -" + p["display"]] if archive_guid != ZERO else [],
        "ArchiveQuota": Q["100GB"],
        "ArchiveWarningQuota": Q["90GB"],
        "ArchiveDatabase": None,
        "ArchiveStatus": "None",
        "ArchiveState": "None",
        "ArchiveRelease": "",
        "DisabledArchiveDatabase": None,
        "DisabledArchiveGuid": ZERO,
        "MailboxProvisioningConstraint": None,
        "MailboxProvisioningPreferences": [],
        "MailboxRegion": None,
        "MailboxLocations": [],
        "PersistedCapabilities": persisted,
        "SKUAssigned": None,
        "IsInactiveMailbox": False,
        "WhenSoftDeleted": None,
        "IsSoftDeletedByRemove": False,
        "IsSoftDeletedByDisable": False,
        "AccountDisabled": False,
        "StsRefreshTokensValidFrom": wc.plus(minutes=2),
        "UsageLocation": t["usage"],
        "JournalArchiveAddress": "",
        "IsDirSynced": dirsynced,
        "AcceptMessagesOnlyFrom": [],
        "AcceptMessagesOnlyFromDLMembers": [],
        "AcceptMessagesOnlyFromSendersOrMembers": [],
        "AddressListMembership": ["\\All Recipients(VLV)", "\\Mail Users(VLV)", "\\Default Global Address List",
                                  "\\All Users", "\\Offline Global Address List"],
        "AdministrativeUnits": [],
        "Alias": alias,
        "ArbitrationMailbox": None,
        "BypassModerationFromSendersOrMembers": [],
        "OrganizationalUnit": "%s.prod.outlook.com/Microsoft Exchange Hosted Organizations/%s"
                              % (t["forest"], t["initial"]),
        "CustomAttribute1": "Cross-Tenant-Project",
        "CustomAttribute2": "",
        "CustomAttribute10": "",
        "CustomAttribute15": "",
        "ExtensionCustomAttribute1": [],
        "DisplayName": p["display"],
        "EmailAddresses": emails,
        "GrantSendOnBehalfTo": [],
        "ExternalDirectoryObjectIdWritable": False,
        "HiddenFromAddressListsEnabled": False,
        "LastExchangeChangedTime": None,
        "LegacyExchangeDN": legacy_dn("fabrikam", alias),
        "MaxSendSize": "Unlimited",
        "MaxReceiveSize": "Unlimited",
        "ModeratedBy": [],
        "ModerationEnabled": False,
        "PoliciesIncluded": [],
        "PoliciesExcluded": [],
        "EmailAddressPolicyEnabled": False,
        "PrimarySmtpAddress": primary,
        "RecipientType": "MailUser",
        "RecipientTypeDetails": "MailUser",
        "RejectMessagesFrom": [],
        "RejectMessagesFromDLMembers": [],
        "RejectMessagesFromSendersOrMembers": [],
        "RequireSenderAuthenticationEnabled": False,
        "SimpleDisplayName": "",
        "SendModerationNotifications": "Always",
        "UMDtmfMap": [],
        "WindowsEmailAddress": primary,
        "MailTip": None,
        "ExternalDirectoryObjectId": edoid,
        "Identity": alias,
        "IsValid": True,
        "ExchangeVersion": "0.20 (15.0.0.0)",
        "Name": alias,
        "DistinguishedName": dn(t, alias),
        "Guid": obj_guid,
        "ObjectCategory": "%s.prod.outlook.com/Configuration/Schema/Person" % t["forest"],
        "ObjectClass": ["top", "person", "organizationalPerson", "user"],
        "WhenChanged": wch,
        "WhenCreated": wc,
        "WhenChangedUTC": wch.utc(),
        "WhenCreatedUTC": wc.utc(),
        "ExchangeObjectId": obj_guid,
        "OrganizationalUnitRoot": t["initial"],
        "OrganizationId": org_id(t),
        "Id": alias,
        "OriginatingServer": t["dc"],
        "ObjectState": "Unchanged",
    }
    return {k: v for k, v in rec.items() if k not in DROP_MAILUSER}


def build_target():
    """Returns (mailusers, target_mailboxes, users_rows, licence_rows, batch_addr)."""
    mailusers = []
    tmbx = []
    users = []
    lic = []
    batch_addr = {}
    for i, p in enumerate(P):
        if p.get("no_target"):
            continue
        alias = p["alias"]
        sa = src_addrs(p)
        ta = tgt_addrs(p)
        legdn_src = legacy_dn("contoso", alias)
        exg = src_exchange_guid(p)
        arg = src_archive_guid(p)
        emails = tgt_emails(p, legdn_src)
        primary = ta["primary"]
        ext = "SMTP:" + (sa["primary"] if p.get("ext_primary") else sa["initial"])
        persisted = []
        prev = "None"
        edoid = gid("fabrikam", "edoid", alias)
        obj_guid = gid("fabrikam", "objguid", alias)

        # ---------------- planted problems (target side) ----------------
        if alias == "AdeleV":  # clean: x500 present, different letter case
            emails[0] = "x500:" + legdn_src.upper()
        if alias == "IsaiahL":  # catalog 1
            exg = ZERO
        if alias == "JohannaL":  # catalog 2
            exg = gid("fabrikam", "stray-exchangeguid", alias)
        if alias == "JoniS":  # catalog 3
            arg = ZERO
        if alias == "LeeG":  # catalog 4: LegacyExchangeDN x500 not stamped
            emails = [e for e in emails if e != "x500:" + legdn_src]
        if alias == "LidiaH":  # catalog 5: one of the source's other x500 proxies missing
            emails = [e for e in emails if "cn=lidiah" not in e]
        if alias == "PradeepG":  # catalog 6 (X400 not copied) + 9 (ExternalEmailAddress not a source address)
            emails = [e for e in emails if not e.startswith("X400:")]
            ext = "SMTP:Pradeep.Gupta@" + SRC["initial"]
        if alias == "MiriamG":  # catalog 7: legacy source-domain proxy kept on target
            emails.insert(2, "smtp:%s" % sa["primary"])
        if alias == "PattiF":  # catalog 8 (+7): primary in a domain fabrikam does not own
            primary = "Patti.Fernandez@fabrikamgroup.com"
            emails = [e for e in emails if not e.startswith("SMTP:")] + ["SMTP:" + primary]
        if alias == "GradyA":  # catalog 10 (+8, +7): ExternalEmailAddress became the primary
            primary = sa["initial"]
            emails = [e for e in emails if not e.startswith("SMTP:")] + ["SMTP:" + primary]
        if alias == "AccountsPayable":  # catalog 12: no fabrikam.onmicrosoft.com proxy
            emails = [e for e in emails if not e.lower().endswith("@" + TGT["initial"])]
        if alias == "SeanO":  # catalog 14
            prev = "UserMailbox"
        if alias == "EnricoC":  # licensed for T2T on the target side instead
            persisted = [T2T_CAP]

        if p.get("target_is_mailbox"):  # catalog 13 (+2): licensed before GUID stamping
            new_exg = gid("fabrikam", "provisioned-exchangeguid", alias)
            rec = mailbox_record(
                p, i, TGT, exchange_guid=new_exg, archive_guid=ZERO,
                emails=["x500:" + legdn_src, "SPO:SPO_%s@SPO_%s" % (gid("fabrikam", "spo", alias), TGT["tenant_id"]),
                        "smtp:" + ta["initial"], "SIP:" + ta["primary"].lower(), "SMTP:" + ta["primary"]],
                primary=ta["primary"], upn=ta["upn"], legdn=legacy_dn("fabrikam", alias), edoid=edoid,
                obj_guid=obj_guid, persisted=["BPOS_S_Enterprise"], sku_assigned=True, holds={})
            rec["CustomAttribute1"] = "Cross-Tenant-Project"
            tmbx.append(rec)
            users.append(user_row(alias, ta["upn"], edoid, obj_guid, "UserMailbox", "UserMailbox", "None",
                                  ta["primary"], False))
            lic.append((ta["upn"], "SPE_E3"))
            batch_addr[alias] = ta["primary"]
            continue

        mu = mailuser_record(p, i, exchange_guid=exg, archive_guid=arg, emails=emails, primary=primary,
                             ext=ext, edoid=edoid, obj_guid=obj_guid, persisted=persisted,
                             dirsynced=p.get("tgt_dirsynced", False))
        mailusers.append(mu)
        users.append(user_row(alias, ta["upn"], edoid, obj_guid, "MailUser", "MailUser", prev, primary,
                              p.get("tgt_dirsynced", False)))
        if p["kind"] == "User":
            lic.append((ta["upn"], "EMS"))
        if alias == "EnricoC":
            lic.append((ta["upn"], "Cross_tenant_user_data_migration"))
        batch_addr[alias] = primary

    # fabrikam's own staff (unrelated to the migration; must be ignored)
    for j, (alias, disp, local) in enumerate([("KatL", "Kat Larsson", "Kat.Larsson"),
                                               ("JordanM", "Jordan Miller", "Jordan.Miller")]):
        p = dict(alias=alias, display=disp, local=local, kind="User")
        ta = tgt_addrs(p)
        edoid = gid("fabrikam", "edoid", alias)
        og = gid("fabrikam", "objguid", alias)
        rec = mailbox_record(
            p, 30 + j, TGT, exchange_guid=gid("fabrikam", "exchangeguid", alias), archive_guid=ZERO,
            emails=["SPO:SPO_%s@SPO_%s" % (gid("fabrikam", "spo", alias), TGT["tenant_id"]),
                    "smtp:" + ta["initial"], "SIP:" + ta["primary"].lower(), "SMTP:" + ta["primary"]],
            primary=ta["primary"], upn=ta["upn"], legdn=legacy_dn("fabrikam", alias), edoid=edoid,
            obj_guid=og, persisted=["BPOS_S_Enterprise"], sku_assigned=True, holds={})
        tmbx.insert(j, rec)
        users.append(user_row(alias, ta["upn"], edoid, og, "UserMailbox", "UserMailbox", "None", ta["primary"],
                              False))
        lic.append((ta["upn"], "SPE_E3"))
    users.append(user_row("fabrikamadmin", "admin@" + TGT["initial"], gid("fabrikam", "edoid", "admin"),
                          gid("fabrikam", "objguid", "admin"), "User", "User", "None", None, False))
    return mailusers, tmbx, users, lic, batch_addr


def user_row(name, upn, edoid, guid, rt, rtd, prev, wea, dirsynced):
    return {"Name": name, "UserPrincipalName": upn, "ExternalDirectoryObjectId": edoid, "Identity": name,
            "RecipientType": rt, "RecipientTypeDetails": rtd, "PreviousRecipientTypeDetails": prev,
            "IsDirSynced": dirsynced, "WindowsEmailAddress": wea if wea is not None else "", "Guid": guid}


# --------------------------------------------------------------------------
# Org-level objects
# --------------------------------------------------------------------------

def accepted_domains(t):
    out = []
    for j, (d, default, initial, coex) in enumerate([
            (t["vanity"], True, False, False), (t["initial"], False, True, False), (t["coex"], False, False, True)]):
        wc = DT(2020, 9, 1, 10, 0, 0).plus(days=j * 3 + (0 if t is SRC else 1200), minutes=j * 17)
        out.append({
            "DomainName": d,
            "CatchAllRecipientID": None,
            "DomainType": "Authoritative",
            "MatchSubDomains": False,
            "AddressBookEnabled": True,
            "Default": default,
            "EmailOnly": False,
            "ExternallyManaged": False,
            "AuthenticationType": "Managed",
            "LiveIdInstanceType": "Business",
            "PendingRemoval": False,
            "PendingCompletion": False,
            "FederatedOrganizationLink": None,
            "MailFlowPartner": None,
            "OutboundOnly": False,
            "PendingFederatedAccountNamespace": False,
            "PendingFederatedDomain": False,
            "IsCoexistenceDomain": coex,
            "PerimeterDuplicateDetected": False,
            "IsDefaultFederatedDomain": False,
            "EnableNego2Authentication": False,
            "InitialDomain": initial,
            "AdminDisplayName": "",
            "ExchangeVersion": "0.20 (15.0.0.0)",
            "Name": d,
            "DistinguishedName": "CN=%s,CN=Accepted Domains,CN=Transport Settings,CN=Configuration,CN=%s,"
                                 "CN=ConfigurationUnits,DC=%s,DC=PROD,DC=OUTLOOK,DC=COM" % (d, t["initial"], t["forest"]),
            "Identity": d,
            "Guid": gid(t["name"], "accepteddomain", d),
            "ObjectCategory": "%s.prod.outlook.com/Configuration/Schema/ms-Exch-Accepted-Domain" % t["forest"],
            "ObjectClass": ["top", "msExchAcceptedDomain"],
            "WhenChanged": wc.plus(days=400),
            "WhenCreated": wc,
            "WhenChangedUTC": wc.plus(days=400).utc(),
            "WhenCreatedUTC": wc.utc(),
            "ExchangeObjectId": gid(t["name"], "accepteddomain", d),
            "OrganizationId": org_id(t),
            "Id": d,
            "OriginatingServer": t["dc"],
            "IsValid": True,
            "ObjectState": "Unchanged",
        })
    return out


def org_config(t, inplace):
    return {
        "Name": t["initial"],
        "DisplayName": "Contoso Ltd" if t is SRC else "Fabrikam Inc",
        "Guid": gid(t["name"], "orgconfig"),
        "ExternalDirectoryOrganizationId": t["tenant_id"],
        "IsDehydrated": False,
        "InPlaceHolds": inplace,
        "AutoExpandingArchiveEnabled": False,
        "ElcProcessingDisabled": False,
        "MailTipsExternalRecipientsTipsEnabled": True,
        "OAuth2ClientProfileEnabled": True,
        "AuditDisabled": False,
        "DefaultAuthenticationPolicy": None,
        "ExchangeVersion": "0.20 (15.0.0.0)",
        "AdminDisplayVersion": "0.20 (15.20.8722.019)",
        "IsMixedMode": False,
        "IsUpgradingOrganization": False,
        "WhenCreated": DT(2020, 9, 1, 9, 58, 12) if t is SRC else DT(2024, 1, 15, 7, 31, 44),
        "Identity": t["initial"],
    }


def relationship(t, partner, src_side, when):
    name = "contoso_fabrikam_T2T" if src_side else "fabrikam_contoso_T2T"
    return {
        "DomainNames": [partner["tenant_id"]],
        "FreeBusyAccessEnabled": False,
        "FreeBusyAccessLevel": "None",
        "FreeBusyAccessScope": None,
        "MailboxMoveEnabled": True,
        "MailboxMoveCapability": "RemoteOutbound" if src_side else "Inbound",
        "MailboxMovePublishedScopes": ["MigScope"] if src_side else [],
        "OAuthApplicationId": APP_ID if src_side else None,
        "DeliveryReportEnabled": False,
        "MailTipsAccessEnabled": False,
        "MailTipsAccessLevel": "None",
        "MailTipsAccessScope": None,
        "PhotosEnabled": False,
        "TargetApplicationUri": None,
        "TargetSharingEpr": None,
        "TargetOwaURL": None,
        "TargetAutodiscoverEpr": None,
        "OrganizationContact": "",
        "Enabled": True,
        "ArchiveAccessEnabled": False,
        "AdminDisplayName": "",
        "ExchangeVersion": "0.10 (14.0.100.0)",
        "Name": name,
        "DistinguishedName": "CN=%s,CN=Federation,CN=%s,CN=ConfigurationUnits,DC=%s,DC=PROD,DC=OUTLOOK,DC=COM"
                             % (name, t["initial"], t["forest"]),
        "Identity": name,
        "Guid": gid(t["name"], "orgrel", name),
        "ObjectCategory": "%s.prod.outlook.com/Configuration/Schema/ms-Exch-Fed-Sharing-Relationship" % t["forest"],
        "ObjectClass": ["top", "msExchFedSharingRelationship"],
        "WhenChanged": when.plus(minutes=4),
        "WhenCreated": when,
        "WhenChangedUTC": when.plus(minutes=4).utc(),
        "WhenCreatedUTC": when.utc(),
        "ExchangeObjectId": gid(t["name"], "orgrel", name),
        "OrganizationId": org_id(t),
        "Id": name,
        "OriginatingServer": t["dc"],
        "IsValid": True,
        "ObjectState": "Unchanged",
    }


def migration_endpoint():
    return {
        "Identity": "fabrikam_contoso_7977",
        "EndpointType": "ExchangeRemoteMove",
        "RemoteServer": "outlook.office.com",
        "RemoteTenant": SRC["initial"],
        "ApplicationId": APP_ID,
        "AppSecretKeyVaultUrl": "https://fabrikamt2tkv.vault.azure.net:443/certificates/contoso-fabrikam-t2t/"
                                + ghex("keyvault", "cert-version"),
        "Username": "",
        "MaxConcurrentMigrations": 300,
        "MaxConcurrentIncrementalSyncs": 20,
        "IsRemote": True,
        "UseAutoDiscover": None,
        "Authentication": None,
        "Security": None,
        "Port": None,
        "ExchangeServer": None,
        "RpcProxyServer": None,
        "NspiServer": None,
        "MailboxPermission": "Admin",
        "SourceMailboxLegacyDN": None,
        "PublicFolderDatabaseServerLegacyDN": None,
        "TestMailbox": None,
        "LastModifiedTime": DT(2025, 2, 27, 15, 8, 33),
        "Identifier": "fabrikam_contoso_7977",
        "Guid": gid("fabrikam", "migrationendpoint"),
        "IsValid": True,
        "ObjectState": "Unchanged",
    }


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main():
    src = build_source()
    mailusers, tmbx, users, tlic, batch_addr = build_target()

    # ---------------- source/ ----------------
    write("source/mailboxes.json", ps7_json(src), "utf-8")

    stats = []
    for p in P:
        tis, tdis, ic, dic = STATS[p["alias"]]
        last = None if p["kind"] == "Room" else SNAPSHOT.plus(
            days=-(int(ghex("logon", p["alias"])[:2], 16) % 4), hours=-(int(ghex("logon", p["alias"])[2:4], 16) % 20))
        if p.get("inactive"):
            last = DT(2025, 1, 17, 15, 2, 18)
        stats.append({
            "DisplayName": p["display"], "MailboxGuid": src_exchange_guid(p), "TotalItemSize": size(tis),
            "TotalDeletedItemSize": size(tdis), "ItemCount": ic, "DeletedItemCount": dic,
            "LastLogonTime": last, "IsArchiveMailbox": False,
        })
    write("source/mailbox-statistics.json", ps51_json(stats), "utf-16-le-bom")

    arows = []
    for p in P:
        if p["alias"] not in ARCH_STATS:
            continue
        tis, tdis, ic, dic = ARCH_STATS[p["alias"]]
        arows.append({
            "DisplayName": "In-Place Archive -" + p["display"], "MailboxGuid": src_archive_guid(p),
            "TotalItemSize": size(tis), "TotalDeletedItemSize": size(tdis), "ItemCount": ic,
            "DeletedItemCount": dic, "LastLogonTime": None, "IsArchiveMailbox": True,
        })
    write("source/archive-statistics.csv",
          csv_text(arows, ["DisplayName", "MailboxGuid", "TotalItemSize", "TotalDeletedItemSize", "ItemCount",
                           "DeletedItemCount", "LastLogonTime", "IsArchiveMailbox"],
                   type_line="Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics"),
          "ascii")

    # Get-MailboxFolderStatistics <id> -FolderScope RecoverableItems -Archive, for the archive
    # mailboxes (PS 7 JSON). HenriettaM's archive holds items in SubstrateHolds (catalogue 18).
    frows = []
    for p in P:
        if p["alias"] not in ARCH_STATS:
            continue
        primary = src_addrs(p)["primary"]
        for name, path in [("Recoverable Items", "/Recoverable Items"), ("Deletions", "/Deletions"),
                           ("Purges", "/Purges"), ("SubstrateHolds", "/SubstrateHolds"),
                           ("DiscoveryHolds", "/DiscoveryHolds"), ("Versions", "/Versions")]:
            items = 37 if (p["alias"] == "HenriettaM" and name == "SubstrateHolds") else 0
            frows.append({
                "Mailbox": primary, "Name": name, "FolderPath": path, "ItemsInFolder": items,
                "FolderSize": size(items * 48213), "ContentMailboxGuid": src_archive_guid(p),
                "Identity": primary + "\\" + name,
            })
    write("source/archive-folder-statistics.json", ps7_json(frows), "utf-8")

    write("source/organization-relationship.json",
          ps7_json(relationship(SRC, TGT, True, DT(2025, 2, 26, 14, 31, 5))), "utf-8")
    write("source/accepted-domains.json", ps7_json(accepted_domains(SRC)), "utf-8")
    write("source/organization-config.json",
          ps7_json(org_config(SRC, ["grp" + ghex("policy", "teams-retention") + ":3"])), "utf-8")

    scope_rows = []
    for p in P:
        if not p.get("in_scope", True):
            continue
        scope_rows.append({"GroupName": "MigScope", "Name": p["alias"], "PrimarySmtpAddress": src_addrs(p)["primary"],
                           "ExternalDirectoryObjectId": gid("contoso", "edoid", p["alias"]),
                           "Guid": gid("contoso", "objguid", p["alias"]), "RecipientType": "UserMailbox"})
    write("source/scope-group-members.csv",
          csv_text(scope_rows, ["GroupName", "Name", "PrimarySmtpAddress", "ExternalDirectoryObjectId", "Guid",
                                "RecipientType"], delim=";"), "utf-8-bom")

    perm_rows = []
    for p in P:
        for d in p.get("fullaccess", []):
            perm_rows.append({"Identity": p["alias"], "User": src_addrs(BY[d])["upn"], "AccessRights": "FullAccess",
                              "IsInherited": False, "Deny": False})
    write("source/mailbox-permissions.csv",
          csv_text(perm_rows, ["Identity", "User", "AccessRights", "IsInherited", "Deny"]), "utf-8")

    lic = []
    for p in P:
        if p.get("inactive"):
            continue  # deleted user: not returned by Get-MgUser
        skus = []
        if p["kind"] == "User":
            skus.append("SPE_E3")
        elif p.get("archive"):
            skus.append("EXCHANGEENTERPRISE")
        if src_has_t2t(p):
            skus.append("Cross_tenant_user_data_migration")
        lic.append({"Id": gid("contoso", "edoid", p["alias"]), "UserPrincipalName": src_addrs(p)["upn"],
                    "AssignedLicenses": [{"DisabledPlans": [], "SkuId": SKU[s]} for s in skus]})
    lic.insert(0, {"Id": gid("contoso", "edoid", "admin"), "UserPrincipalName": "admin@" + SRC["initial"],
                   "AssignedLicenses": []})
    write("source/licenses.json", ps7_json(lic), "utf-8")

    lidia = BY["LidiaH"]
    write("source/move-requests.json", ps7_json({
        "DisplayName": lidia["display"],
        "ExchangeGuid": src_exchange_guid(lidia),
        "SourceDatabase": db_name(SRC, "LidiaH"),
        "TargetDatabase": db_name(SRC, "LidiaH-rebalance"),
        "SourceArchiveDatabase": None,
        "TargetArchiveDatabase": None,
        "Flags": "IntraOrg, Pull",
        "RemoteHostName": "",
        "BatchName": "",
        "Status": "InProgress",
        "RequestStyle": "IntraOrg",
        "Direction": "Pull",
        "IsOffline": False,
        "Protect": False,
        "Suspend": False,
        "SuspendWhenReadyToComplete": False,
        "RequestGuid": gid("contoso", "moverequest", "LidiaH"),
        "RequestQueue": db_name(SRC, "LidiaH-rebalance"),
        "Alias": "LidiaH",
        "Identity": "LidiaH",
        "Name": "Mailbox Move",
        "IsValid": True,
        "ObjectState": "Unchanged",
    }), "utf-8")

    # ---------------- target/ ----------------
    write("target/mailusers.json", ps51_json(mailusers), "utf-16-le-bom")
    write("target/mailboxes.json", ps51_json(tmbx), "utf-16-le-bom")
    write("target/users.csv",
          csv_text(users, ["Name", "UserPrincipalName", "ExternalDirectoryObjectId", "Identity", "RecipientType",
                           "RecipientTypeDetails", "PreviousRecipientTypeDetails", "IsDirSynced",
                           "WindowsEmailAddress", "Guid"], delim=";",
                   type_line="Selected.Microsoft.Exchange.Data.Directory.Management.User"), "ascii")
    write("target/organization-relationship.json",
          ps51_json(relationship(TGT, SRC, False, DT(2025, 2, 26, 14, 12, 48))), "utf-16-le-bom")
    write("target/migration-endpoint.json", ps51_json(migration_endpoint()), "utf-16-le-bom")
    write("target/accepted-domains.json", ps7_json(accepted_domains(TGT)), "utf-8")
    write("target/organization-config.json", ps7_json(org_config(TGT, [])), "utf-8")
    write("target/licenses.csv",
          csv_text([{"UserPrincipalName": u, "SkuPartNumber": s, "SkuId": SKU[s]} for u, s in tlic],
                   ["UserPrincipalName", "SkuPartNumber", "SkuId"]), "utf-8")

    # ---------------- batches/ ----------------
    waves = {"wave1": [], "wave2": []}
    for p in P:
        for w in p.get("wave", []):
            addr = batch_addr.get(p["alias"])
            if p["alias"] == "JohannaL":  # catalog 35: the source address was pasted
                addr = src_addrs(p)["primary"]
            if p.get("batch_lower"):
                addr = addr.lower()
            waves[w].append(addr)
    waves["wave2"].insert(7, "Cameron.White@fabrikam.com")  # matches nothing in either tenant
    write("batches/wave1.csv", "EmailAddress\r\n" + "".join(a + "\r\n" for a in waves["wave1"]), "utf-8")
    # wave2 was re-saved from Excel as "CSV UTF-8": BOM
    write("batches/wave2.csv", "EmailAddress\r\n" + "".join(a + "\r\n" for a in waves["wave2"]), "utf-8-bom")


if __name__ == "__main__":
    main()
