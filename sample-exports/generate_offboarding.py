#!/usr/bin/env python3
"""Generate sample-exports/offboarding/ (stdlib only, deterministic).

A hybrid OFFBOARDING snapshot: Exchange Online tenant contoso (source) -> on-premises
Exchange organisation contoso.com (target), as the exports an admin would produce:
Exchange Online V3 module under PowerShell 7 (JSON, UTF-8) and Windows PowerShell 5.1
(CSV with #TYPE, JSON in UTF-16 LE), and the on-premises Exchange Management Shell /
ActiveDirectory module under Windows PowerShell 5.1 (integer enums, UTF-16 LE JSON, CSV).
Every GUID is uuid5-derived from a name. The planted problems are listed in
offboarding/README.md (written by hand).

Run:  python3 sample-exports/generate_offboarding.py
"""

import json
import os
import uuid

from generate import csv_text, ps51_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "offboarding")
NS = uuid.uuid5(uuid.NAMESPACE_DNS, "mbxlint.samples.offboarding")
ZERO = "00000000-0000-0000-0000-000000000000"
TENANT = "contoso.onmicrosoft.com"
COEXIST = "contoso.mail.onmicrosoft.com"
GB = 1024 ** 3


def gid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts)))


def size(n):
    """Exchange ByteQuantifiedSize text: '12.5 GB (13,421,772,800 bytes)'."""
    units = ["B", "KB", "MB", "GB", "TB"]
    i = 0
    while i + 1 < len(units) and n >= 1024 ** (i + 1):
        i += 1
    fig = ("%.3f" % (n / 1024 ** i)).rstrip("0").rstrip(".")
    return "%s %s (%s bytes)" % (fig, units[i], format(n, ","))


def write(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def ps7_json(obj):
    """PowerShell 7: ConvertTo-Json -Depth 5 | Set-Content (UTF-8, no BOM, LF inside, CRLF end)."""
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\r\n").encode("utf-8")


def utf16(text):
    return b"\xff\xfe" + text.encode("utf-16-le")


# Each person: what the cloud mailbox and the on-premises objects look like (README.md says
# which problem each one plants).
PEOPLE = [
    dict(alias="alex.wilber", name="Alex Wilber", archive=True, archive_gb=6.5),
    dict(alias="megan.bowen", name="Megan Bowen"),
    dict(alias="lynne.robbins", name="Lynne Robbins", onprem_guid="zero"),
    dict(alias="diego.siciliani", name="Diego Siciliani", onprem_kind="MailUser",
         onprem_guid="other", archive=True, archive_gb=3.0, onprem_archive="zero"),
    dict(alias="isaiah.langer", name="Isaiah Langer", onprem_kind=None, ad=True),
    dict(alias="nestor.wilke", name="Nestor Wilke", onprem_kind=None, ad=False),
    dict(alias="joni.sherman", name="Joni Sherman", homemdb=True),
    dict(alias="pradeep.gupta", name="Pradeep Gupta", ucs=True),
    dict(alias="adele.vance", name="Adele Vance", archive=True, archive_gb=161.25, aux=2,
         auto_expanding=True),
    dict(alias="grady.archie", name="Grady Archie", archive=True, archive_gb=62.0,
         archive_deleted_gb=3.0),
    dict(alias="lidia.holloway", name="Lidia Holloway", onprem_domain="fabrikam.com"),
]


def upn(p):
    return p["alias"] + "@contoso.com"


def exchange_guid(p):
    return gid("mailbox", p["alias"])


def archive_guid(p):
    return gid("archive", p["alias"]) if p.get("archive") else ZERO


def cloud_mailbox(p):
    a = p["alias"]
    primary = upn(p)
    addresses = ["SMTP:" + primary, "smtp:%s@%s" % (a, TENANT), "smtp:%s@%s" % (a, COEXIST),
                 "SIP:" + primary,
                 "SPO:SPO_%s@SPO_%s" % (gid("spo", a), gid("tenant"))]
    # A person with "onprem_domain" has an on-premises primary address in a domain the tenant
    # does not accept: that proxy never reached Exchange Online (HY056).
    locations = ["1;%s;Primary;namprd03.prod.outlook.com;%s" % (exchange_guid(p), gid("db", a))]
    if p.get("archive"):
        locations.append("1;%s;MainArchive;namprd03.prod.outlook.com;%s"
                         % (archive_guid(p), gid("adb", a)))
    for i in range(p.get("aux", 0)):
        locations.append("1;%s;AuxArchive;namprd03.prod.outlook.com;%s"
                         % (gid("aux", a, str(i)), gid("auxdb", a, str(i))))
    return {
        "Name": gid("edoid", a),
        "Alias": a,
        "DisplayName": p["name"],
        "Identity": gid("edoid", a),
        "DistinguishedName": "CN=%s,OU=%s,OU=Microsoft Exchange Hosted Organizations,"
                             "DC=NAMPR03A012,DC=PROD,DC=OUTLOOK,DC=COM" % (gid("edoid", a), TENANT),
        "ExchangeObjectId": gid("exo", a),
        "ExternalDirectoryObjectId": gid("edoid", a),
        "UserPrincipalName": upn(p),
        "PrimarySmtpAddress": primary,
        "EmailAddresses": addresses,
        "LegacyExchangeDN": "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
                            "/cn=Recipients/cn=%s-%s" % (uuid.uuid5(NS, a).hex, a),
        "RecipientType": "UserMailbox",
        "RecipientTypeDetails": "UserMailbox",
        "RemoteRecipientType": "Migrated" if p.get("onprem_kind", "RemoteMailbox") else "None",
        "ExchangeGuid": exchange_guid(p),
        "ArchiveGuid": archive_guid(p),
        "ArchiveStatus": "Active" if p.get("archive") else "None",
        "ArchiveDatabase": "NAMPR03DG012-db%03d" % (len(a) * 7) if p.get("archive") else None,
        "AutoExpandingArchiveEnabled": bool(p.get("auto_expanding")),
        "MailboxLocations": locations,
        "ArchiveQuota": size(1536 * GB) if p.get("auto_expanding") else size(100 * GB),
        "ProhibitSendReceiveQuota": size(100 * GB),
        "RecoverableItemsQuota": size(30 * GB),
        "LitigationHoldEnabled": False,
        "IsDirSynced": p.get("ad", True) is not False,
        "IsInactiveMailbox": False,
        "IsSoftDeletedByRemove": False,
        "IsSoftDeletedByDisable": False,
        "ImListMigrationCompleted": bool(p.get("ucs")),
        "WhenMailboxCreated": "2023-03-14T09:12:44.0000000+00:00",
    }


def stats(p, archive=False):
    a = p["alias"]
    if archive:
        total = int(p.get("archive_gb", 0) * GB)
        deleted = int(p.get("archive_deleted_gb", 0.125) * GB)
        return {"DisplayName": "In-Place Archive -" + p["name"], "MailboxGuid": archive_guid(p),
                "TotalItemSize": size(total), "TotalDeletedItemSize": size(deleted),
                "ItemCount": str(total // (96 * 1024)), "IsArchiveMailbox": True}
    total = (3 + len(a)) * GB // 2
    return {"DisplayName": p["name"], "MailboxGuid": exchange_guid(p),
            "TotalItemSize": size(total), "TotalDeletedItemSize": size(total // 40),
            "ItemCount": total // (80 * 1024), "IsArchiveMailbox": False}


def onprem_object(p):
    a = p["alias"]
    kind = p.get("onprem_kind", "RemoteMailbox")
    domain = p.get("onprem_domain", "contoso.com")
    primary = "%s@%s" % (a, domain)
    addresses = ["SMTP:" + primary, "smtp:%s@%s" % (a, COEXIST)]
    if domain != "contoso.com":
        addresses.append("smtp:%s@contoso.com" % a)
    guid = {"zero": ZERO, "other": gid("stale", a)}.get(p.get("onprem_guid"), exchange_guid(p))
    archive = archive_guid(p)
    if p.get("onprem_archive") == "zero":
        archive = ZERO
    rec = {
        "Name": p["name"],
        "Alias": a,
        "DisplayName": p["name"],
        "Identity": "contoso.com/Users/" + p["name"],
        "DistinguishedName": "CN=%s,OU=Users,OU=Corp,DC=contoso,DC=com" % p["name"],
        "Guid": gid("adobject", a),
        "UserPrincipalName": upn(p),
        "PrimarySmtpAddress": primary,
        "EmailAddresses": addresses,
        "ExchangeGuid": guid,
        "ArchiveGuid": archive,
        "ArchiveQuota": size(50 * GB),
    }
    if kind == "RemoteMailbox":
        rec["RecipientTypeDetails"] = 2147483648  # RemoteUserMailbox, live EMS enum
        rec["RemoteRecipientType"] = 4  # Migrated
        rec["RemoteRoutingAddress"] = "SMTP:%s@%s" % (a, COEXIST)
        rec["ArchiveState"] = "HostedProvisioned" if p.get("archive") else "None"
    else:
        rec["RecipientTypeDetails"] = "MailUser"
        rec["ExternalEmailAddress"] = "SMTP:%s@%s" % (a, COEXIST)
    return rec


def ad_user(p):
    a = p["alias"]
    home = p.get("homemdb")
    cfg = "CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"
    return {
        "DistinguishedName": "CN=%s,OU=Users,OU=Corp,DC=contoso,DC=com" % p["name"],
        "Enabled": "True",
        "Name": p["name"],
        "ObjectClass": "user",
        "ObjectGUID": gid("adobject", a),
        "SamAccountName": a.replace(".", "")[:12],
        "UserPrincipalName": upn(p),
        "homeMDB": ("CN=DB2016-01,CN=Databases,CN=Exchange Administrative Group "
                    "(FYDIBOHF23SPDLT),CN=Administrative Groups," + cfg) if home else None,
        "homeMTA": ("CN=Microsoft MTA,CN=EX2016-01,CN=Servers,CN=Exchange Administrative Group "
                    "(FYDIBOHF23SPDLT),CN=Administrative Groups," + cfg) if home else None,
    }


def main():
    # ---- source: Exchange Online ----
    write("source/mailboxes.json", ps7_json([cloud_mailbox(p) for p in PEOPLE]))
    write("source/mailbox-statistics.json",
          utf16(ps51_json([stats(p) for p in PEOPLE])))
    cols = ["DisplayName", "MailboxGuid", "TotalItemSize", "TotalDeletedItemSize", "ItemCount",
            "IsArchiveMailbox"]
    write("source/archive-statistics.csv", csv_text(
        [stats(p, True) for p in PEOPLE if p.get("archive")], cols,
        type_line="Selected.Microsoft.Exchange.Management.MapiTasks.Presentation."
                  "MailboxStatistics").encode("utf-8"))
    write("source/accepted-domains.json", ps7_json([
        {"DomainName": "contoso.com", "DomainType": "Authoritative", "Default": True,
         "InitialDomain": False, "IsCoexistenceDomain": False, "MatchSubDomains": False},
        {"DomainName": TENANT, "DomainType": "Authoritative", "Default": False,
         "InitialDomain": True, "IsCoexistenceDomain": False, "MatchSubDomains": False},
        {"DomainName": COEXIST, "DomainType": "Authoritative", "Default": False,
         "InitialDomain": False, "IsCoexistenceDomain": True, "MatchSubDomains": False},
    ]))
    write("source/organization-config.json", ps7_json({
        "Name": TENANT, "Identity": TENANT, "IsDehydrated": False,
        "AutoExpandingArchiveEnabled": False, "InPlaceHolds": [],
    }))
    write("source/migration-endpoint.json", ps7_json({
        "Identity": "Hybrid Migration Endpoint - EWS (Default Web Site)",
        "EndpointType": "ExchangeRemoteMove", "RemoteServer": "mail.contoso.com",
        "MaxConcurrentMigrations": 20,
    }))
    # One finished onboarding move of a user who is not offboarded: BT005 has its export and
    # finds no move request in the way of this batch.
    write("source/move-requests.json", ps7_json([{
        "Identity": "Patti Fernandez", "Alias": "patti.fernandez", "DisplayName": "Patti Fernandez",
        "ExchangeGuid": gid("mailbox", "patti.fernandez"), "Status": "Completed",
        "BatchName": "MigrationService:Onboarding-2024-05", "TargetDatabase": "NAMPR03DG012-db151",
        "RequestStyle": "CrossOrg", "Direction": "Push",
    }]))
    # ---- target: on-premises Exchange and Active Directory ----
    remote = [onprem_object(p) for p in PEOPLE
              if p.get("onprem_kind", "RemoteMailbox") == "RemoteMailbox"]
    write("target/remote-mailboxes.json", utf16(ps51_json(remote)))
    mailusers = [onprem_object(p) for p in PEOPLE if p.get("onprem_kind") == "MailUser"]
    for m in mailusers:
        m["EmailAddresses"] = ";".join(m["EmailAddresses"])
    write("target/mailusers.csv", csv_text(
        mailusers, ["Name", "Alias", "DisplayName", "Identity", "DistinguishedName", "Guid",
                    "UserPrincipalName", "PrimarySmtpAddress", "EmailAddresses",
                    "RecipientTypeDetails", "ExternalEmailAddress", "ExchangeGuid",
                    "ArchiveGuid", "ArchiveQuota"],
        type_line="Deserialized.Microsoft.Exchange.Data.Directory.Management.MailUser"
    ).encode("ascii"))
    users = []
    for p in PEOPLE:
        if not p.get("ad", True):
            continue
        kind = p.get("onprem_kind", "RemoteMailbox")
        rtd = {"RemoteMailbox": "RemoteUserMailbox", "MailUser": "MailUser", None: "User"}[kind]
        rt = {"RemoteMailbox": "MailUser", "MailUser": "MailUser", None: "User"}[kind]
        users.append({"Name": p["name"], "UserPrincipalName": upn(p),
                      "Identity": "contoso.com/Users/" + p["name"], "RecipientType": rt,
                      "RecipientTypeDetails": rtd,
                      "WindowsEmailAddress": None if kind is None else
                      "%s@%s" % (p["alias"], p.get("onprem_domain", "contoso.com")),
                      "Guid": gid("adobject", p["alias"])})
    write("target/users.csv", csv_text(
        users, ["Name", "UserPrincipalName", "Identity", "RecipientType", "RecipientTypeDetails",
                "WindowsEmailAddress", "Guid"]).encode("utf-8"))
    ad = [ad_user(p) for p in PEOPLE if p.get("ad", True)]
    write("target/ad-users.csv", csv_text(
        ad, ["DistinguishedName", "Enabled", "Name", "ObjectClass", "ObjectGUID",
             "SamAccountName", "UserPrincipalName", "homeMDB", "homeMTA"],
        type_line="Selected.Microsoft.ActiveDirectory.Management.ADUser").encode("utf-8"))
    servers = [
        {"Name": "EX2010-01", "Identity": "EX2010-01", "Fqdn": "ex2010-01.contoso.com",
         "AdminDisplayVersion": "Version 14.3 (Build 123.4)",
         "ServerRole": "Mailbox, ClientAccess, HubTransport", "Edition": "Enterprise"},
        {"Name": "EX2019-01", "Identity": "EX2019-01", "Fqdn": "ex2019-01.contoso.com",
         "AdminDisplayVersion": "Version 15.2 (Build 1544.4)",
         "ServerRole": "Mailbox", "Edition": "Standard"},
    ]
    write("target/exchange-servers.json", ps7_json(servers))
    # ---- batch ----
    lines = ["EmailAddress"] + [upn(p) for p in PEOPLE]
    write("batches/offboard-wave1.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8"))


if __name__ == "__main__":
    main()
