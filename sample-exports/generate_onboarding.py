#!/usr/bin/env python3
"""Generate sample-exports/onboarding/ (stdlib only, deterministic).

A hybrid onboarding snapshot: Exchange Server 2019 on-premises (AD domain
corp.contoso.com, mail domain contoso.com) -> Exchange Online tenant contoso
(routing domain contoso.mail.onmicrosoft.com). Source files are what an admin
exports with the Exchange Management Shell and the ActiveDirectory module
(Windows PowerShell 5.1 JSON in UTF-16 LE, 5.1 CSV with #TYPE, PowerShell 7
JSON/CSV in UTF-8); target files are Exchange Online PowerShell exports.

Run:  python3 sample-exports/generate_onboarding.py
The planted problems are listed in onboarding/README.md (written by hand).
"""

import datetime as _dt
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "onboarding")
NS = uuid.uuid5(uuid.NAMESPACE_DNS, "mbxlint.samples.onboarding")
ZERO = "00000000-0000-0000-0000-000000000000"
ROUTING = "contoso.mail.onmicrosoft.com"
ONPREM_ORG = "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients"
EXO_DN = "OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A001,DC=PROD,DC=OUTLOOK,DC=COM"


def gid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts)))


def size(nbytes):
    """ByteQuantifiedSize.ToString(): '1.5 GB (1,610,612,736 bytes)'."""
    units = ["B", "KB", "MB", "GB", "TB"]
    v = float(nbytes)
    u = 0
    while v >= 1024 and u < len(units) - 1:
        v /= 1024
        u += 1
    num = str(int(nbytes)) if u == 0 else ("%.3f" % v).rstrip("0").rstrip(".")
    return "%s %s (%s bytes)" % (num, units[u], format(int(nbytes), ","))


GB = 1024 ** 3
WHEN = _dt.datetime(2026, 10, 2, 9, 30, tzinfo=_dt.timezone.utc)


def ms_date(d):
    return "\\/Date(%d)\\/" % (int(d.timestamp()) * 1000)


# ---------------------------------------------------------------------------
# The people. Each entry: alias, display name, and what is planted.
# ---------------------------------------------------------------------------

PEOPLE = [
    # alias,   display name,        plants
    ("AdeleV", "Adele Vance", {}),
    ("AlexW", "Alex Wilber", {"archive": True}),
    ("MeganB", "Megan Bowen", {"no_routing_proxy": True}),
    ("LynneR", "Lynne Robbins", {"proxy_not_synced": True}),
    ("DiegoS", "Diego Siciliani", {"guid_not_synced": True}),
    ("IsaiahL", "Isaiah Langer", {"archive": True, "archive_guid_not_synced": True}),
    ("JohannaL", "Johanna Lorenz", {"cloud_mailbox": True}),
    ("GradyA", "Grady Archie", {"previous_mailbox": True}),
    ("PradeepG", "Pradeep Gupta", {"inactive_cloud": True}),
    ("LidiaH", "Lidia Holloway", {"cloud_move_request": True}),
    ("NestorW", "Nestor Wilke", {"local_move_request": True}),
    ("JoniS", "Joni Sherman", {"archive": True, "cloud_archive": True}),
    ("MiriamG", "Miriam Graham", {"inheritance_blocked": True}),
    ("PattiF", "Patti Fernandez", {"size": 231 * GB}),
    ("IrvinS", "Irvin Sayers", {"legacy_domain": True}),
    ("AllanD", "Allan Deyoung", {"leftover_move": True}),
]

# Henrietta's mailbox moved to Exchange Online long ago; her account left and re-entered the
# Entra Connect scope after 30 days: a new cloud mailbox was provisioned, the old one is
# soft-deleted.
HENRIETTA = ("HenriettaM", "Henrietta Mueller")


def smtp(alias):
    return "%s@contoso.com" % alias


def onprem_proxies(alias, p):
    out = ["SMTP:%s" % smtp(alias), "smtp:%s@corp.contoso.com" % alias]
    if not p.get("no_routing_proxy"):
        out.append("smtp:%s@%s" % (alias, ROUTING))
    if p.get("legacy_domain"):
        out.append("smtp:%s@fabrikam-legacy.com" % alias)
    out.append("X500:/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=%s" % alias.lower())
    return out


def archive_guid(alias, p):
    return gid("archive", alias) if p.get("archive") else ZERO


def onprem_mailbox(alias, name, p):
    first, last = name.split(" ")
    return {
        "Name": name,
        "Alias": alias,
        "DisplayName": name,
        "Identity": "corp.contoso.com/Staff/%s" % name,
        "DistinguishedName": "CN=%s,OU=Staff,DC=corp,DC=contoso,DC=com" % name,
        "Guid": gid("adobject", alias),
        "ExternalDirectoryObjectId": "",
        "UserPrincipalName": smtp(alias),
        "SamAccountName": alias,
        "PrimarySmtpAddress": smtp(alias),
        "WindowsEmailAddress": smtp(alias),
        "EmailAddresses": onprem_proxies(alias, p),
        "EmailAddressPolicyEnabled": not p.get("no_routing_proxy"),
        "LegacyExchangeDN": "%s/cn=%s" % (ONPREM_ORG, alias.lower()),
        "RecipientTypeDetails": "UserMailbox",
        "RemoteRecipientType": "None",
        "ExchangeGuid": gid("mailbox", alias),
        "ArchiveGuid": archive_guid(alias, p),
        "ArchiveDatabase": ("DB01" if p.get("archive") and not p.get("cloud_archive") else None),
        "ArchiveDomain": (ROUTING if p.get("cloud_archive") else None),
        "ArchiveState": ("HostedProvisioned" if p.get("cloud_archive") else ("Local" if p.get("archive") else "None")),
        "ArchiveStatus": ("Active" if p.get("archive") else "None"),
        "Database": "DB01",
        "ServerName": "EX01",
        "ProhibitSendReceiveQuota": "Unlimited",
        "LitigationHoldEnabled": False,
        "InPlaceHolds": [],
        "IsInactiveMailbox": False,
        "IsSoftDeletedByRemove": False,
        "IsSoftDeletedByDisable": False,
        "ExchangeVersion": "0.20 (15.0.0.0)",
        "WhenChanged": ms_date(WHEN),
        "PSComputerName": "ex01.corp.contoso.com",
        "RunspaceId": gid("runspace"),
        "PSShowComputerName": False,
        "_first": first,
        "_last": last,
    }


def cloud_proxies(alias, p):
    out = ["SMTP:%s" % smtp(alias), "smtp:%s@contoso.onmicrosoft.com" % alias]
    if not p.get("no_routing_proxy") and not p.get("proxy_not_synced"):
        out.append("smtp:%s@%s" % (alias, ROUTING))
    if p.get("legacy_domain"):
        out.append("smtp:%s@fabrikam-legacy.com" % alias)
    out.append("X500:%s/cn=%s" % (ONPREM_ORG, alias.lower()))
    return out


def cloud_mailuser(alias, name, p):
    guid = ZERO if p.get("guid_not_synced") else gid("mailbox", alias)
    arch = ZERO if p.get("archive_guid_not_synced") else archive_guid(alias, p)
    return {
        "Name": alias,
        "Alias": alias,
        "DisplayName": name,
        "Identity": alias,
        "DistinguishedName": "CN=%s,%s" % (alias, EXO_DN),
        "Guid": gid("exo-object", alias),
        "ExchangeObjectId": gid("exo-object", alias),
        "ExternalDirectoryObjectId": gid("entra", alias),
        "UserPrincipalName": smtp(alias),
        "PrimarySmtpAddress": smtp(alias),
        "ExternalEmailAddress": "SMTP:%s" % smtp(alias),
        "EmailAddresses": cloud_proxies(alias, p),
        "RecipientTypeDetails": "MailUser",
        "ExchangeGuid": guid,
        "ArchiveGuid": arch,
        "IsDirSynced": True,
        "SKUAssigned": False,
        "PersistedCapabilities": [],
        "WhenChanged": WHEN.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
    }


def cloud_mailbox(alias, name, guid, proxies, extra=None):
    r = {
        "Name": alias,
        "Alias": alias,
        "DisplayName": name,
        "Identity": alias,
        "DistinguishedName": "CN=%s,%s" % (alias, EXO_DN),
        "Guid": gid("exo-object", alias, guid),
        "ExchangeObjectId": gid("exo-object", alias, guid),
        "ExternalDirectoryObjectId": gid("entra", alias),
        "UserPrincipalName": smtp(alias),
        "PrimarySmtpAddress": smtp(alias),
        "EmailAddresses": proxies,
        "RecipientTypeDetails": "UserMailbox",
        "ExchangeGuid": guid,
        "ArchiveGuid": ZERO,
        "IsDirSynced": True,
        "SKUAssigned": True,
        "IsInactiveMailbox": False,
        "IsSoftDeletedByRemove": False,
        "IsSoftDeletedByDisable": False,
        "WhenSoftDeleted": None,
    }
    r.update(extra or {})
    return r


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

def clean(rec):
    return {k: v for k, v in rec.items() if not k.startswith("_")}


def write_bytes(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def json_ps7(rel, records):
    """PowerShell 7: 2-space indent, UTF-8 without BOM, LF kept as CRLF on Windows."""
    text = json.dumps(records, indent=2, ensure_ascii=False)
    write_bytes(rel, text.replace("\n", "\r\n").encode("utf-8"))


def json_ps51(rel, records):
    """Windows PowerShell 5.1 ConvertTo-Json | Out-File: 4-space indent, `"Key":  value`,
    UTF-16 LE with BOM, CRLF. Dates are already \\/Date(ms)\\/ strings."""
    text = json.dumps(records, indent=4, ensure_ascii=False, separators=(",", ":  "))
    text = text.replace("\\\\/", "\\/")  # \/Date()\/ keeps its single escape
    write_bytes(rel, b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))


def csv_line(values):
    out = []
    for v in values:
        if v is None:
            out.append("")
        else:
            out.append('"%s"' % str(v).replace('"', '""'))
    return ",".join(out)


def csv_file(rel, header, rows, type_line=None, bom=False):
    lines = []
    if type_line:
        lines.append(type_line)
    lines.append(csv_line(header))
    for r in rows:
        lines.append(csv_line([r.get(h) for h in header]))
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    write_bytes(rel, (b"\xef\xbb\xbf" if bom else b"") + data)


def bool_text(b):
    return "True" if b else "False"


# ---------------------------------------------------------------------------
# Source: on-premises
# ---------------------------------------------------------------------------

def source():
    mailboxes = [onprem_mailbox(a, n, p) for a, n, p in PEOPLE]
    # Get-Mailbox -ResultSize Unlimited | Select ... | ConvertTo-Json -Depth 5 | Out-File (5.1)
    json_ps51("source/mailboxes.json", [clean(m) for m in mailboxes])

    # Get-ADUser ... | Export-Csv -NoTypeInformation -Encoding UTF8 (PowerShell 7)
    users = []
    for (a, n, p), m in zip(PEOPLE, mailboxes):
        users.append({
            "DistinguishedName": m["DistinguishedName"],
            "ObjectGUID": gid("adobject", a),
            "SamAccountName": a,
            "UserPrincipalName": smtp(a),
            "msExchMailboxGuid": gid("mailbox", a),
            "proxyAddresses": ";".join(onprem_proxies(a, p)),
            "homeMDB": "CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=contoso,DC=com",
            "InheritanceBlocked": bool_text(p.get("inheritance_blocked", False)),
            "msExchMailboxMoveRemoteHostName": ("mail.contoso.com" if p.get("leftover_move") else None),
            "msExchMailboxMoveTargetMDBLink": ("CN=NAMPR03DG078-db060,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=corp,DC=contoso,DC=com" if p.get("leftover_move") else None),
        })
    ha, hn = HENRIETTA
    users.append({
        "DistinguishedName": "CN=%s,OU=Staff,DC=corp,DC=contoso,DC=com" % hn,
        "ObjectGUID": gid("adobject", ha),
        "SamAccountName": ha,
        "UserPrincipalName": smtp(ha),
        "msExchMailboxGuid": gid("mailbox", ha, "new"),
        "proxyAddresses": "SMTP:%s;smtp:%s@%s" % (smtp(ha), ha, ROUTING),
        "homeMDB": None,
        "InheritanceBlocked": "False",
    })
    csv_file(
        "source/ad-users.csv",
        ["DistinguishedName", "ObjectGUID", "SamAccountName", "UserPrincipalName",
         "msExchMailboxGuid", "proxyAddresses", "homeMDB", "InheritanceBlocked",
         "msExchMailboxMoveRemoteHostName", "msExchMailboxMoveSourceMDBLink",
         "msExchMailboxMoveTargetMDBLink", "msExchMailboxMoveSourceArchiveMDBLink",
         "msExchMailboxMoveTargetArchiveMDBLink"],
        users,
    )

    # Get-MailboxStatistics | Select ... | Export-Csv (5.1, #TYPE line)
    stats = []
    for i, (a, n, p) in enumerate(PEOPLE):
        items = p.get("size", (3 + i * 2) * GB + i * 7340032)
        stats.append({
            "DisplayName": n,
            "MailboxGuid": gid("mailbox", a),
            "TotalItemSize": size(items),
            "TotalDeletedItemSize": size(items // 40),
            "ItemCount": str(12000 + i * 1733),
            "IsArchiveMailbox": "False",
        })
    csv_file(
        "source/mailbox-statistics.csv",
        ["DisplayName", "MailboxGuid", "TotalItemSize", "TotalDeletedItemSize", "ItemCount", "IsArchiveMailbox"],
        stats,
        type_line="#TYPE Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics",
    )

    # Get-ExchangeServer | Select Name,AdminDisplayVersion,ServerRole | Export-Csv (5.1)
    csv_file(
        "source/exchange-servers.csv",
        ["Name", "AdminDisplayVersion", "ServerRole"],
        [{"Name": "EX01", "AdminDisplayVersion": "Version 15.2 (Build 1544.4)", "ServerRole": "Mailbox"},
         {"Name": "EX02", "AdminDisplayVersion": "Version 15.2 (Build 1544.4)", "ServerRole": "Mailbox"}],
        type_line="#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.ExchangeServer",
    )

    # On-premises Get-MoveRequest (a local database move still running), PowerShell 7.
    json_ps7("source/move-requests.json", [{
        "DisplayName": "Nestor Wilke",
        "Alias": "NestorW",
        "Identity": "corp.contoso.com/Staff/Nestor Wilke",
        "ExchangeGuid": gid("mailbox", "NestorW"),
        "SourceDatabase": "DB01",
        "TargetDatabase": "DB02",
        "RequestStyle": "IntraOrg",
        "Direction": "Pull",
        "BatchName": "",
        "Status": "InProgress",
    }])


# ---------------------------------------------------------------------------
# Target: Exchange Online
# ---------------------------------------------------------------------------

def target():
    mailusers = [cloud_mailuser(a, n, p) for a, n, p in PEOPLE if not p.get("cloud_mailbox")]
    json_ps7("target/mailusers.json", mailusers)

    # Get-Mailbox -ResultSize Unlimited (live mailboxes), PowerShell 7.
    ja = "JohannaL"
    ha, hn = HENRIETTA
    live = [
        cloud_mailbox(ja, "Johanna Lorenz", gid("mailbox", ja, "cloud"),
                      ["SMTP:%s" % smtp(ja), "smtp:%s@contoso.onmicrosoft.com" % ja,
                       "smtp:%s@%s" % (ja, ROUTING)]),
        cloud_mailbox(ha, hn, gid("mailbox", ha, "new"),
                      ["SMTP:%s" % smtp(ha), "smtp:%s@%s" % (ha, ROUTING)]),
    ]
    json_ps7("target/mailboxes.json", live)

    # Get-Mailbox -InactiveMailboxOnly | ConvertTo-Json | Out-File (5.1, UTF-16 LE).
    pa = "PradeepG"
    inactive = cloud_mailbox(pa, "Pradeep Gupta", gid("mailbox", pa, "2023"),
                             ["SMTP:%s" % smtp(pa)],
                             {"DistinguishedName": "CN=Pradeep Gupta%s,%s" % (gid("dn", pa)[:8], EXO_DN),
                              "ExternalDirectoryObjectId": gid("entra", pa, "2023"),
                              "Guid": gid("exo-object", pa, "2023"),
                              "ExchangeObjectId": gid("exo-object", pa, "2023"),
                              "IsInactiveMailbox": True, "IsSoftDeletedByRemove": True,
                              "LitigationHoldEnabled": True, "SKUAssigned": False,
                              "WhenSoftDeleted": ms_date(_dt.datetime(2023, 11, 30, 17, 0, tzinfo=_dt.timezone.utc))})
    json_ps51("target/inactive-mailboxes.json", [inactive])

    # Get-Mailbox -SoftDeletedMailbox, PowerShell 7: one record, written as a bare object.
    soft = cloud_mailbox(ha, hn, gid("mailbox", ha, "old"),
                         ["SMTP:%s" % smtp(ha)],
                         {"DistinguishedName": "CN=%s%s,OU=Soft Deleted Objects,%s" % (ha, gid("dn", ha)[:8], EXO_DN),
                          "ExternalDirectoryObjectId": gid("entra", ha, "old"),
                          "Guid": gid("exo-object", ha, "old"),
                          "ExchangeObjectId": gid("exo-object", ha, "old"),
                          "IsSoftDeletedByRemove": True, "SKUAssigned": False,
                          "WhenSoftDeleted": "2026-08-14T08:12:40+00:00"})
    json_ps7("target/soft-deleted-mailboxes.json", soft)

    # Get-User | Select ... | Export-Csv -NoTypeInformation (PowerShell 7, UTF-8 BOM).
    users = []
    for a, n, p in PEOPLE:
        users.append({
            "Name": a,
            "UserPrincipalName": smtp(a),
            "ExternalDirectoryObjectId": gid("entra", a),
            "RecipientType": "MailUser" if not p.get("cloud_mailbox") else "UserMailbox",
            "RecipientTypeDetails": "MailUser" if not p.get("cloud_mailbox") else "UserMailbox",
            "PreviousRecipientTypeDetails": "UserMailbox" if p.get("previous_mailbox") else "None",
            "IsDirSynced": "True",
        })
    csv_file(
        "target/users.csv",
        ["Name", "UserPrincipalName", "ExternalDirectoryObjectId", "RecipientType",
         "RecipientTypeDetails", "PreviousRecipientTypeDetails", "IsDirSynced"],
        users,
        bom=True,
    )

    # Get-AcceptedDomain | ConvertTo-Json, PowerShell 7.
    domains = []
    for name, initial, coex, default in [
        ("contoso.com", False, False, True),
        ("contoso.onmicrosoft.com", True, False, False),
        (ROUTING, False, True, False),
    ]:
        domains.append({
            "DomainName": name, "DomainType": "Authoritative", "MatchSubDomains": False,
            "Default": default, "IsCoexistenceDomain": coex, "InitialDomain": initial,
            "Name": name, "Identity": name,
        })
    json_ps7("target/accepted-domains.json", domains)

    # Exchange Online Get-MoveRequest: a failed earlier attempt for Lidia.
    json_ps7("target/move-requests.json", [{
        "DisplayName": "Lidia Holloway",
        "Alias": "LidiaH",
        "Identity": "LidiaH",
        "ExchangeGuid": gid("mailbox", "LidiaH"),
        "RemoteHostName": "mail.contoso.com",
        "TargetDeliveryDomain": ROUTING,
        "RequestStyle": "CrossOrg",
        "Direction": "Pull",
        "BatchName": "MigrationService:Wave0",
        "Status": "Failed",
    }])


def batches():
    rows = [{"EmailAddress": smtp(a)} for a, _, _ in PEOPLE]
    csv_file("batches/wave1.csv", ["EmailAddress"], rows)


if __name__ == "__main__":
    source()
    target()
    batches()
