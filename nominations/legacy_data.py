"""What the Microsoft MVP API (2017–2022) and the portal that followed it called things.

A frozen record, not configuration: the API was withdrawn on 29 April 2022 and
these lists will not change. How each legacy type or area maps onto the
portal's own vocabulary is *data* (``ActivityType.legacy_id`` / ``aliases`` /
``legacy_quantities`` and ``Expertise.legacy_ids`` / ``aliases``), loaded by the
data migrations ``nominations/0005`` and ``accounts/0004`` and edited by program
admins; ``nominations.legacy`` reads both.

Where each list comes from (public repositories, read at the commits named):

``api-2022``
    The API's own answers of February 2022, saved by MVP Companion:
    LanceMcCarthy/MvpApi ``src/MvpApi.Services/Json/ContributionTypesResponse_2022.json``
    and ``ContributionAreasResponse_2022.json`` (commit d9641020, 2022-02-06):
    24 contribution types, 118 contribution areas.
``api-2021``
    The same files of March 2021 (``ContributionTypesResponse.json`` /
    ``ContributionAreasResponse.json`` at commit 949600cd, 2021-03-22), identical
    to the demo data of the Xamarin app sthewissen/MVP
    (``MVP/Services/Demo/Files/getcontribution*.json``): 116 areas, among them
    "Azure DevOps" (later "GitHub & Azure DevOps") and "Enterprise Security"
    (dropped in 2022).
``api-2017``
    The 2017 answers printed in lazywinadmin/MVP ``README.md`` (output of
    ``Get-MVPContributionType`` and ``Get-MVPContributionArea -All``, 96 areas
    with their ids) and its ``Get-MVPContribution`` examples, which give the
    ids of three 2017 type names: "Blog Site Posts" (df6464de…),
    "Conference (organizer)" (ef6464de…) and "Open Source Project(s)" (414bcf30…).
``app-2018``
    Names without ids used by MVP Companion in 2018: LanceMcCarthy/MvpApi
    ``src/MvpApi.Uwp/ViewModels/readme.md`` ("2017-2018"),
    ``MvpApi.Uwp/Extensions/ContributionExtensions.cs`` (commit 97163c41,
    2018-03-04) and ``MvpApi.Uwp/Converters/ContributionTypeNameToBrushConverter.cs``
    (commit 3febc2a8, 2018-12-21: "Sample Code", "Sample Project/Tools",
    "Product Group Feedback (General)", "Product Group Interaction (PGI)").
``portal-2023``
    The MVP web portal's form as scripted by its users after the API was gone:
    lmammino/mvp-contributions ``src/ContributionAreas.ts`` (ids, new areas such
    as "Visual Studio Code" and renames such as "Microsoft Intune") and
    ``src/schemas/*.ts``; ZanattaMichael/SelMVP
    ``Module/Resources/04_HTMLContributionAreas.ps1`` and
    ``01_HTMLFormStrucuture.ps1`` (names, spellings such as "Blog/WebSite Post").

Metric labels per type (which legacy number means what): MVP Companion
``src/MvpCompanion.UI.Common/Extensions/ContributionExtensions.cs``
(``GetContributionTypeRequirements``) and sthewissen/MVP
``MVP/Extensions/ModelExtensions.cs`` agree for every type; the web portal
(SelMVP ``01_HTMLFormStrucuture.ps1``, lmammino ``src/schemas``) put two of them
elsewhere, noted on the type. Visibility ids: sthewissen/MVP
``MVP/Services/Demo/Files/getvisibilities.json``; "Microsoft Only" and
"EveryOne" spellings from lazywinadmin/MVP ``New-MVPContribution.ps1``.

Where no source gives an id for a name (most 2017 type names that were merged
away), ``id`` is ``None``: the name is still recognised, through the aliases of
the portal's type or expertise, but no id is made up for it. The 2021 and 2022
area responses carry stray whitespace (a trailing non-breaking space after
"Azure SQL (…)", trailing spaces elsewhere, a double space in "SQL Server
Machine Learning Services  (R, Python)"); names are stored trimmed here and
matched after normalisation (``mvp_portal.accounts.vocabulary.name_key``).
"""

from typing import NamedTuple

# The three numbers every legacy contribution carries, in the API's order.
METRICS = ("AnnualQuantity", "SecondAnnualQuantity", "AnnualReach")

# AwardCategory as the API used it: relative to the person asking.
MY_AWARD_CATEGORY = "My Awarded Category"
OTHER_AWARD_CATEGORY = "Other Award Category"


class LegacyType(NamedTuple):
    """One contribution type of the API, or a name that no source gives an id for."""

    id: str | None
    name: str
    english_name: str
    older_names: tuple[str, ...]
    seen_in: str
    # What AnnualQuantity, SecondAnnualQuantity and AnnualReach count ("" where the type has none).
    labels: tuple[str, str, str] = ("", "", "")
    note: str = ""


class LegacyArea(NamedTuple):
    """One contribution area (technology) of the API, or a name without an id."""

    id: str | None
    name: str
    award: str
    older_names: tuple[str, ...]
    seen_in: str


class LegacyVisibility(NamedTuple):
    id: int
    description: str
    localize_key: str
    other_names: tuple[str, ...] = ()


_Type = LegacyType
_Area = LegacyArea


LEGACY_TYPES: tuple[LegacyType, ...] = (
    _Type(
        "e36464de-179a-e411-bbc8-6c3be5a82b68",
        "Article",
        "Article",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Articles", "", "Number of Views"),
    ),
    _Type(
        "df6464de-179a-e411-bbc8-6c3be5a82b68",
        "Blog/Website Post",
        "Blog/Website Post",
        ("Blog Site Posts", "Blog/WebSite Post"),
        "api-2022 api-2021 api-2017 portal-2023",
        ("Number of Posts", "Number of Subscribers", "Annual Unique Visitors"),
    ),
    _Type(
        "db6464de-179a-e411-bbc8-6c3be5a82b68",
        "Book (Author)",
        "Book (Author)",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Books", "", "Copies Sold"),
    ),
    _Type(
        "dd6464de-179a-e411-bbc8-6c3be5a82b68",
        "Book (Co-Author)",
        "Book (Co-Author)",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Books", "", "Copies Sold"),
    ),
    _Type(
        "f16464de-179a-e411-bbc8-6c3be5a82b68",
        "Conference (Staffing)",
        "Conference (Staffing)",
        (),
        "api-2022 api-2021",
        ("Number of Conferences", "", "Number of Visitors"),
    ),
    _Type(
        "0ce0dc15-0304-e911-8171-3863bb2bca60",
        "Docs.Microsoft.com Contribution",
        "Docs.Microsoft.com Contribution",
        (),
        "api-2022 api-2021",
        ("Pull Requests/Issues/Submissions", "", ""),
    ),
    _Type(
        "f96464de-179a-e411-bbc8-6c3be5a82b68",
        "Forum Moderator",
        "Forum Moderator",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Threads moderated", "", ""),
        "In 2017-2018 MVP Companion also showed an Annual Reach for it; from 2019 it has none.",
    ),
    _Type(
        "d96464de-179a-e411-bbc8-6c3be5a82b68",
        "Forum Participation (3rd Party forums)",
        "Forum Participation (3rd Party forums)",
        ("Forum Participation (3rd Party Forums)",),
        "api-2022 api-2021 api-2017",
        ("Number of Answers", "Number of Posts", "Views of Answers"),
    ),
    _Type(
        "d76464de-179a-e411-bbc8-6c3be5a82b68",
        "Forum Participation (Microsoft Forums)",
        "Forum Participation (Microsoft Forums)",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Answers", "Number of Posts", "Views of Answers"),
    ),
    _Type(
        "f76464de-179a-e411-bbc8-6c3be5a82b68",
        "Mentorship",
        "Mentorship",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Mentorship Activity", "", "Number of Mentees"),
        "AnnualReach is the number of mentees, AnnualQuantity the number of mentoring activities.",
    ),
    _Type(
        "d2d96407-0304-e911-8171-3863bb2bca60",
        "Microsoft Open Source Projects",
        "Microsoft Open Source Projects",
        (),
        "api-2022 api-2021",
        ("Number of Projects", "", ""),
    ),
    _Type(
        "414bcf30-e889-e511-8110-c4346bac0abc",
        "Non-Microsoft Open Source Projects",
        "Non-Microsoft Open Source Projects",
        ("Open Source Project(s)",),
        "api-2022 api-2021 api-2017",
        ("Project(s)", "", "Contributions"),
        "The API-era apps read contributions from AnnualReach; the 2020-2023 web portal wrote them to "
        "SecondAnnualQuantity (SelMVP, lmammino/mvp-contributions).",
    ),
    _Type(
        "fd6464de-179a-e411-bbc8-6c3be5a82b68",
        "Organizer (User Group/Meetup/Local Events)",
        "Organizer (User Group/Meetup/Local Events)",
        (),
        "api-2022 api-2021",
        ("Meetings", "", "Members"),
    ),
    _Type(
        "ef6464de-179a-e411-bbc8-6c3be5a82b68",
        "Organizer of Conference",
        "Organizer of Conference",
        ("Conference (organizer)",),
        "api-2022 api-2021 api-2017",
        ("Number of Conferences", "", "Number of Attendees"),
    ),
    _Type(
        "ff6464de-179a-e411-bbc8-6c3be5a82b68",
        "Other",
        "Other",
        (),
        "api-2022 api-2021 api-2017",
        ("Annual Quantity", "", "Annual Reach"),
    ),
    _Type(
        "016564de-179a-e411-bbc8-6c3be5a82b68",
        "Product Group Feedback",
        "Product Group Feedback (General)",
        ("Product Group Feedback (General)",),
        "api-2022 api-2021 api-2017 app-2018",
        ("Number of Events Participated", "", "Number of Feedbacks Provided"),
        "The API-era apps read feedbacks from AnnualReach; the 2020-2023 web portal wrote them to "
        "SecondAnnualQuantity (SelMVP, lmammino/mvp-contributions).",
    ),
    _Type(
        "e96464de-179a-e411-bbc8-6c3be5a82b68",
        "Sample Code/Projects/Tools",
        "Sample Code/Projects/Tools",
        (),
        "api-2022 api-2021",
        ("Number of Samples", "", "Number of Downloads"),
    ),
    _Type(
        "fb6464de-179a-e411-bbc8-6c3be5a82b68",
        "Site Owner",
        "Site Owner",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Sites", "", "Number of Visitors"),
    ),
    _Type(
        "d16464de-179a-e411-bbc8-6c3be5a82b68",
        "Speaking (Conference)",
        "Speaking (Conference)",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Talks", "", "Attendees of Talks"),
    ),
    _Type(
        "d56464de-179a-e411-bbc8-6c3be5a82b68",
        "Speaking (User Group/Meetup/Local events)",
        "Speaking (User Group/Meetup/Local events)",
        (),
        "api-2022 api-2021",
        ("Number of Talks", "", "Attendees of Talks"),
    ),
    _Type(
        "eb6464de-179a-e411-bbc8-6c3be5a82b68",
        "Technical Social Media (Twitter, Facebook, LinkedIn...)",
        "Technical Social Media (Twitter, Facebook, LinkedIn...)",
        (),
        "api-2022 api-2021 api-2017",
        ("Number of Posts", "", "Number of Followers"),
        "Both API-era apps label AnnualQuantity “Number of Talks” (copied from Speaking); MVP Companion's "
        "2017-2018 notes call it “Number of Posts”.",
    ),
    _Type(
        "056564de-179a-e411-bbc8-6c3be5a82b68",
        "Translation Review, Feedback and Editing",
        "Translation Review, Feedback and Editing",
        (),
        "api-2022 api-2021 api-2017",
        ("Annual Quantity", "", ""),
    ),
    _Type(
        "e56464de-179a-e411-bbc8-6c3be5a82b68",
        "Video/Webcast/Podcast",
        "Video/Webcast/Podcast",
        (),
        "api-2022 api-2021",
        ("Number of Videos", "", "Number of Views"),
    ),
    _Type(
        "0ee0dc15-0304-e911-8171-3863bb2bca60",
        "Workshop/Volunteer/Proctor",
        "Workshop/Volunteer/Proctor",
        (),
        "api-2022 api-2021",
        ("Number of Events", "", ""),
    ),
    # 2017-2018 names that were merged or renamed away; no source shows their ids.
    _Type(
        None,
        "Code Project/Tools",
        "Code Project/Tools",
        (),
        "api-2017 app-2018",
        ("Number of Projects", "", "Number of Downloads"),
    ),
    _Type(
        None, "Code Samples", "Code Samples", (), "api-2017 app-2018", ("Number of Samples", "", "Number of Downloads")
    ),
    _Type(None, "Sample Code", "Sample Code", (), "app-2018", ("Number of Samples", "", "Number of Downloads")),
    _Type(
        None,
        "Sample Project/Tools",
        "Sample Project/Tools",
        (),
        "app-2018",
        ("Number of Projects", "", "Number of Downloads"),
    ),
    _Type(
        None,
        "Conference (booth presenter)",
        "Conference (booth presenter)",
        (),
        "api-2017 app-2018",
        ("Number of Conferences", "", "Number of Visitors"),
    ),
    _Type(None, "Speaking (Local)", "Speaking (Local)", (), "api-2017 app-2018", ("Talks", "", "Attendees of talks")),
    _Type(
        None,
        "Speaking (User group)",
        "Speaking (User group)",
        (),
        "api-2017 app-2018",
        ("Talks", "", "Attendees of talks"),
    ),
    _Type(None, "User Group Owner", "User Group Owner", (), "api-2017 app-2018", ("Meetings", "", "Members")),
    _Type(None, "Video", "Video", (), "api-2017 app-2018", ("Number of Videos", "", "Number of Views")),
    _Type(None, "Webcast", "Webcast", (), "api-2017 app-2018", ("Number of Videos", "", "Number of Views")),
    _Type(
        None,
        "WebSite Posts",
        "WebSite Posts",
        ("Website Posts",),
        "api-2017 app-2018",
        ("Number of Posts", "Number of Subscribers", "Annual Unique Visitors"),
    ),
    _Type(None, "Product Group Interaction (PGI)", "Product Group Interaction (PGI)", (), "app-2018", ("", "", "")),
)

LEGACY_AREAS: tuple[LegacyArea, ...] = (
    _Area(
        "5004f4ef-066b-e511-810b-fc15b428ced0",
        "Windows App Development",
        "Windows Development",
        ("Windows Development",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c1b41e30-5af2-e611-80fe-3863bb35ef70",
        "Windows Design",
        "Windows Development",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "5604f4ef-066b-e511-810b-fc15b428ced0",
        "Windows Hardware Engineering (IoT, Mobile, and Desktop)",
        "Windows Development",
        (),
        "api-2022 api-2021 api-2017",
    ),
    _Area(
        "3ec301bb-189a-e411-93f2-9cb65495d3c4",
        "Windows Mixed Reality",
        "Windows Development",
        (),
        "api-2022 api-2021 api-2017",
    ),
    _Area("432e48a3-1c35-e711-810e-3863bb363e80", "Azure Bot Service", "AI", (), "api-2022 api-2021 portal-2023"),
    _Area("922e5279-1e31-ea11-a810-000d3a8ccaf5", "Azure Cognitive Search", "AI", (), "api-2022 api-2021 portal-2023"),
    _Area(
        "6708a593-1c35-e711-810e-3863bb363e80", "Azure Cognitive Services", "AI", (), "api-2022 api-2021 portal-2023"
    ),
    _Area(
        "a003f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Machine Learning",
        "AI",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "6679469e-e083-e811-8136-3863bb2bca60",
        "Dynamics 365",
        "Business Applications",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "fc78c036-45ac-e911-a9a0-000d3a1362e3",
        "Power Apps",
        "Business Applications",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "8ab4d989-45ac-e911-a9a0-000d3a1362e3",
        "Power Automate",
        "Business Applications",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "0cd8fd4f-cac4-ea11-a812-000d3a8dfe0d",
        "Power Virtual Agents",
        "Business Applications",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "b803f4ef-066b-e511-810b-fc15b428ced0",
        "Chef/Puppet in Datacenter",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "be03f4ef-066b-e511-810b-fc15b428ced0",
        "Container Management",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c603f4ef-066b-e511-810b-fc15b428ced0",
        "Datacenter Management",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "7ac301bb-189a-e411-93f2-9cb65495d3c4",
        "Group Policy",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "d003f4ef-066b-e511-810b-fc15b428ced0",
        "High Availability",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "9ec301bb-189a-e411-93f2-9cb65495d3c4",
        "Hyper-V",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "e403f4ef-066b-e511-810b-fc15b428ced0",
        "Linux in System Center/Operations Management Suite",
        "Cloud and Datacenter Management",
        ("Linux on System Center/Operations Management Suite",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "e203f4ef-066b-e511-810b-fc15b428ced0",
        "Linux on Hyper-V",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "e603f4ef-066b-e511-810b-fc15b428ced0",
        "Networking",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "7cc301bb-189a-e411-93f2-9cb65495d3c4",
        "PowerShell",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "4604f4ef-066b-e511-810b-fc15b428ced0",
        "Storage",
        "Cloud and Datacenter Management",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "98c301bb-189a-e411-93f2-9cb65495d3c4",
        "Windows Server for Small & Medium Business",
        "Cloud and Datacenter Management",
        ("Windows Server for Small and Medium Business",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c4c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Arc Enabled Data Services",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "9c03f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Cosmos DB",
        "Data Platform",
        ("Azure DocumentDB",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c8c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Data Catalog",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area("9a4b2adf-9f72-ec11-8943-000d3a53ba10", "Azure Data Explorer", "Data Platform", (), "api-2022 portal-2023"),
    _Area(
        "9a03f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Data Lake",
        "Data Platform",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "041f6ea2-bc62-e711-8117-3863bb36edf8",
        "Azure Database for MySQL",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "f5c002bd-bc62-e711-8117-3863bb36edf8",
        "Azure Database for PostgreSQL",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "c2c13df4-a633-eb11-a813-000d3a8ccd71", "Azure Databricks", "Data Platform", (), "api-2022 api-2021 portal-2023"
    ),
    _Area(
        "9e03f4ef-066b-e511-810b-fc15b428ced0",
        "Azure HDInsight and Hadoop & Spark on Azure",
        "Data Platform",
        ("Azure HDInsight and Hadoop, Spark, & Storm on Azure",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "e2bc2807-a072-ec11-8943-000d3a53ba10",
        "Azure Purview",
        "Data Platform",
        ("Microsoft Purview",),
        "api-2022 portal-2023",
    ),
    _Area(
        "a603f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Search",
        "Data Platform",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "bcc13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure SQL (Database, Pools, Serverless, Hyperscale, Managed Instance, Virtual Machines)",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "bec13df4-a633-eb11-a813-000d3a8ccd71", "Azure SQL Edge", "Data Platform", (), "api-2022 api-2021 portal-2023"
    ),
    _Area(
        "b403f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Stream Analytics",
        "Data Platform",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c6c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Synapse Analytics",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "c0c13df4-a633-eb11-a813-000d3a8ccd71",
        "Big Data Clusters",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "c203f4ef-066b-e511-810b-fc15b428ced0",
        "Cortana Intelligence Suite",
        "Data Platform",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "ac03f4ef-066b-e511-810b-fc15b428ced0",
        "Data Warehousing (Azure SQL Data Warehouse, Fast Track & APS)",
        "Data Platform",
        ("Azure SQL Data Warehouse",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "d403f4ef-066b-e511-810b-fc15b428ced0",
        "Information Management (ADF, SSIS, &Data Sync)",
        "Data Platform",
        ("Information Management (ADF, SSIS, & Data Sync)",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "3204f4ef-066b-e511-810b-fc15b428ced0",
        "Power BI",
        "Data Platform",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "bac13df4-a633-eb11-a813-000d3a8ccd71",
        "SQL Server (on Windows, Linux, Containers)",
        "Data Platform",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "ed4c8e60-b30a-e611-8121-c4346bacebc4",
        "SQL Server Machine Learning Services  (R, Python)",
        "Data Platform",
        ("Microsoft R Services",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "4404f4ef-066b-e511-810b-fc15b428ced0",
        "SQL Server Reporting Services & Analysis Services",
        "Data Platform",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "aec301bb-189a-e411-93f2-9cb65495d3c4",
        ".NET",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "0b2c2181-02e4-e611-80fe-3863bb34cb20",
        "Accessibility",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "82c301bb-189a-e411-93f2-9cb65495d3c4",
        "ASP.NET/IIS",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "8cc301bb-189a-e411-93f2-9cb65495d3c4",
        "C++",
        "Developer Technologies",
        ("Visual C++",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "8ac301bb-189a-e411-93f2-9cb65495d3c4",
        "Developer Security",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "cc03f4ef-066b-e511-810b-fc15b428ced0",
        "Front End Web Dev",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "84c301bb-189a-e411-93f2-9cb65495d3c4",
        "GitHub & Azure DevOps",
        "Developer Technologies",
        (
            "Azure DevOps",
            "Visual Studio ALM",
        ),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "dc03f4ef-066b-e511-810b-fc15b428ced0",
        "Java",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "de03f4ef-066b-e511-810b-fc15b428ced0",
        "Javascript/Typescript",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "e803f4ef-066b-e511-810b-fc15b428ced0",
        "Node.js",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area("3004f4ef-066b-e511-810b-fc15b428ced0", "PHP", "Developer Technologies", (), "api-2022 api-2021 api-2017"),
    _Area(
        "3a04f4ef-066b-e511-810b-fc15b428ced0",
        "Python",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c4fe7f2a-8678-ea11-a811-000d3a8ccaf5", "Quantum", "Developer Technologies", (), "api-2022 api-2021 portal-2023"
    ),
    _Area(
        "4c04f4ef-066b-e511-810b-fc15b428ced0",
        "Unity",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "4e04f4ef-066b-e511-810b-fc15b428ced0",
        "Visual Studio Extensibility",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "5804f4ef-066b-e511-810b-fc15b428ced0",
        "Xamarin",
        "Developer Technologies",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "4a04f4ef-066b-e511-810b-fc15b428ced0",
        "Endpoint Manager",
        "Enterprise Mobility",
        (
            "System Center Configuration Manager & Microsoft Intune",
            "Microsoft Intune",
        ),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "d203f4ef-066b-e511-810b-fc15b428ced0",
        "Identity and Access",
        "Enterprise Mobility",
        (),
        "api-2022 api-2021 api-2017",
    ),
    _Area(
        "d603f4ef-066b-e511-810b-fc15b428ced0",
        "Information Protection",
        "Enterprise Mobility",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "3404f4ef-066b-e511-810b-fc15b428ced0",
        "Previous Expertise: Directory Services",
        "Enterprise Mobility",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "3c04f4ef-066b-e511-810b-fc15b428ced0",
        "Remote Desktop Services",
        "Enterprise Mobility",
        ("RDS/Azure Remote App",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "c803f4ef-066b-e511-810b-fc15b428ced0",
        "ARM Templates (Infra as Code)",
        "Microsoft Azure",
        ("ARM & DevOps on Azure (Chef, Puppet, Salt, Ansible, Dev/Test Lab)",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "aac13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure API Management",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "9403f4ef-066b-e511-810b-fc15b428ced0",
        "Azure App Service",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "b2c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Arc Enabled Infrastructure",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "9603f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Backup & Disaster Recovery",
        "Microsoft Azure",
        ("Azure Backup & Recovery",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "871f7786-e083-e811-8136-3863bb2bca60",
        "Azure Blockchain",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "b603f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Core Compute (VMSS, Confidential Computing, Platform Deployment)",
        "Microsoft Azure",
        ("Azure Compute (VM, VMSS, Cloud Services)",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "b4c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Cost Management",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "b003f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Edge + Platform (Azure Stack Hub, Stack Edge, Media Services)",
        "Microsoft Azure",
        (
            "Azure Stack",
            "Azure Hybrid",
        ),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "86e5e214-893d-ea11-a812-000d3a8cc191",
        "Azure Functions",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "da03f4ef-066b-e511-810b-fc15b428ced0",
        "Azure IoT",
        "Microsoft Azure",
        ("IoT on Azure and Azure Messaging (Event Hub and Service Bus)",),
        "api-2022 api-2021 api-2017",
    ),
    _Area(
        "e003f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Kubernetes, Container Instances, Docker",
        "Microsoft Azure",
        ("Azure Container Services (Docker, Windows Server)",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "b0c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Lighthouse",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "a8c13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Logic Apps",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "acc13df4-a633-eb11-a813-000d3a8ccd71", "Azure Migrate", "Microsoft Azure", (), "api-2022 api-2021 portal-2023"
    ),
    _Area(
        "b6c13df4-a633-eb11-a813-000d3a8ccd71", "Azure Monitor", "Microsoft Azure", (), "api-2022 api-2021 portal-2023"
    ),
    _Area(
        "a403f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Networking",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "aec13df4-a633-eb11-a813-000d3a8ccd71",
        "Azure Policy & Governance",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "3e04f4ef-066b-e511-810b-fc15b428ced0",
        "Azure SDK (Software Development Kit) and CLIs ( Az CLI, PowerShell, Terraform, Ansible)",
        "Microsoft Azure",
        ("SDK support on Azure (.NET, Node.js, Java, PHP, Python, GO, Ruby)",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "aa03f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Service Fabric",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "b203f4ef-066b-e511-810b-fc15b428ced0",
        "Azure Storage",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "2847b5ea-105d-ea11-a812-000d3a8ccba0",
        "Cloud Infrastructure Protection",
        "Microsoft Azure",
        (),
        "api-2022 api-2021",
    ),
    _Area(
        "b8c13df4-a633-eb11-a813-000d3a8ccd71",
        "Distributed App Runtime (Dapr), Open App Model (OAM), Open Service Mesh (OSM)",
        "Microsoft Azure",
        ("Distributed App Runtime (Dapr), Open App Model(OAM), Open Service Mesh(OSM)",),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "3604f4ef-066b-e511-810b-fc15b428ced0",
        "Previous Expertise: Microsoft Azure",
        "Microsoft Azure",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "9203f4ef-066b-e511-810b-fc15b428ced0",
        "Service Bus, Event Hubs, Event Grid, Relay",
        "Microsoft Azure",
        ("Application Integration",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area("581d9a90-105d-ea11-a812-000d3a8ccba0", "Threat Protection", "Microsoft Azure", (), "api-2022 api-2021"),
    _Area(
        "52c301bb-189a-e411-93f2-9cb65495d3c4",
        "Access",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "54c301bb-189a-e411-93f2-9cb65495d3c4",
        "Excel",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "ca03f4ef-066b-e511-810b-fc15b428ced0",
        "Exchange",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "554b9e95-e083-e811-8136-3863bb2bca60",
        "Microsoft Stream",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "5f408202-bc62-e711-8117-3863bb36edf8",
        "Microsoft Teams",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "70c301bb-189a-e411-93f2-9cb65495d3c4",
        "Office 365",
        "Office Apps & Services",
        ("Office365",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "1e5d028e-e083-e811-8136-3863bb2bca60",
        "OneDrive",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "5ac301bb-189a-e411-93f2-9cb65495d3c4",
        "OneNote",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "5cc301bb-189a-e411-93f2-9cb65495d3c4",
        "Outlook",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "5ec301bb-189a-e411-93f2-9cb65495d3c4",
        "PowerPoint",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "60c301bb-189a-e411-93f2-9cb65495d3c4",
        "Project",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "4004f4ef-066b-e511-810b-fc15b428ced0",
        "SharePoint",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "6ac301bb-189a-e411-93f2-9cb65495d3c4",
        "Skype for Business",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "64c301bb-189a-e411-93f2-9cb65495d3c4",
        "Visio",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "66c301bb-189a-e411-93f2-9cb65495d3c4",
        "Word",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "5a04f4ef-066b-e511-810b-fc15b428ced0",
        "Yammer",
        "Office Apps & Services",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "ea03f4ef-066b-e511-810b-fc15b428ced0",
        "Microsoft Graph",
        "Office Development",
        ("O365 API Development",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "67289880-bc62-e711-8117-3863bb36edf8",
        "Microsoft Teams Development",
        "Office Development",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "2212617a-e083-e811-8136-3863bb2bca60",
        "Outlook Development",
        "Office Development",
        (),
        "api-2022 api-2021 portal-2023",
    ),
    _Area(
        "4204f4ef-066b-e511-810b-fc15b428ced0",
        "SharePoint Development",
        "Office Development",
        ("SharePoint Add-in Development",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "ec03f4ef-066b-e511-810b-fc15b428ced0",
        "W/X/P Development",
        "Office Development",
        ("Office Add-in Development",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "1183268f-7773-e511-8110-fc15b4285d7c",
        "Surface for IT",
        "Windows and Devices for IT",
        ("Surface Deployment & Management",),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "ac699959-fc2a-ec11-b6e6-000d3a54f950", "Windows 365", "Windows and Devices for IT", (), "api-2022 portal-2023"
    ),
    _Area(
        "5404f4ef-066b-e511-810b-fc15b428ced0",
        "Windows for IT",
        "Windows and Devices for IT",
        (),
        "api-2022 api-2021 api-2017 portal-2023",
    ),
    _Area(
        "90c301bb-189a-e411-93f2-9cb65495d3c4",
        "Enterprise Security",
        "Cloud and Datacenter Management",
        (),
        "api-2021 api-2017",
    ),
    _Area("4ac301bb-189a-e411-93f2-9cb65495d3c4", "Dynamics AX", "Business Solutions", (), "api-2017"),
    _Area("4cc301bb-189a-e411-93f2-9cb65495d3c4", "Dynamics CRM", "Business Solutions", (), "api-2017"),
    _Area("4ec301bb-189a-e411-93f2-9cb65495d3c4", "Dynamics GP", "Business Solutions", (), "api-2017"),
    _Area("50c301bb-189a-e411-93f2-9cb65495d3c4", "Dynamics NAV", "Business Solutions", (), "api-2017"),
    _Area("9003f4ef-066b-e511-810b-fc15b428ced0", "Analytics Platform System", "Data Platform", (), "api-2017"),
    _Area("ae03f4ef-066b-e511-810b-fc15b428ced0", "Azure SQL Database", "Data Platform", (), "api-2017"),
    _Area("78c301bb-189a-e411-93f2-9cb65495d3c4", "SQL Server", "Data Platform", (), "api-2017"),
    _Area("45a28288-b30a-e611-8121-c4346bacebc4", "Azure HPC/Batch", "Microsoft Azure", (), "api-2017"),
    _Area("a203f4ef-066b-e511-810b-fc15b428ced0", "Azure Media Service & CDN", "Microsoft Azure", (), "api-2017"),
    _Area("a803f4ef-066b-e511-810b-fc15b428ced0", "Azure Security", "Microsoft Azure", (), "api-2017"),
    _Area(
        "ee03f4ef-066b-e511-810b-fc15b428ced0", "Office Development for Android", "Office Development", (), "api-2017"
    ),
    _Area("f003f4ef-066b-e511-810b-fc15b428ced0", "Office Development for iOS", "Office Development", (), "api-2017"),
    _Area(
        "f203f4ef-066b-e511-810b-fc15b428ced0",
        "Office Development with Angular.js",
        "Office Development",
        (),
        "api-2017",
    ),
    _Area(
        "f403f4ef-066b-e511-810b-fc15b428ced0", "Office Development with Node.js", "Office Development", (), "api-2017"
    ),
    _Area("f603f4ef-066b-e511-810b-fc15b428ced0", "Office Development with PHP", "Office Development", (), "api-2017"),
    _Area(
        "ba03f4ef-066b-e511-810b-fc15b428ced0",
        "Clang/LLVM",
        "Visual Studio and Development Technologies",
        (),
        "api-2017",
    ),
    _Area(
        "c003f4ef-066b-e511-810b-fc15b428ced0", "Cordova", "Visual Studio and Development Technologies", (), "api-2017"
    ),
    _Area(
        "ce03f4ef-066b-e511-810b-fc15b428ced0",
        "Grunt/Gulp",
        "Visual Studio and Development Technologies",
        (),
        "api-2017",
    ),
    _Area("eec0fc70-8ce8-ec11-bb3d-0022482ba756", "Visual Studio Code", "", (), "portal-2023"),
    _Area("02b4a24e-8ce8-ec11-bb3d-0022482ba756", "Power Pages", "", (), "portal-2023"),
    _Area("ba46f900-8cf6-ec11-82e4-000d3a1028ba", "Tools & Connectivity", "", (), "portal-2023"),
    _Area("a5fca890-c108-ed11-b83e-000d3a1036b3", "Azure Edge Devices", "", (), "portal-2023"),
    _Area("f55d3f7e-c108-ed11-b83e-000d3a1036b3", "Azure IoT Services & Development", "", (), "portal-2023"),
    _Area("ee3759d6-8ae8-ec11-bb3d-0022482ba756", "Microsoft Viva", "", (), "portal-2023"),
    _Area("653d5962-0908-ed11-b83e-000d3a1036b3", "D365 Mixed Reality", "", (), "portal-2023"),
    _Area("4ece0948-0908-ed11-b83e-000d3a1036b3", "MR Design", "", (), "portal-2023"),
    _Area("ecca2655-0908-ed11-b83e-000d3a1036b3", "MR Development", "", (), "portal-2023"),
    _Area("d98e6828-0908-ed11-b83e-000d3a1036b3", "Cloud Security", "", (), "portal-2023"),
    _Area("1afde108-0908-ed11-b83e-000d3a1036b3", "Identity & Access", "", (), "portal-2023"),
    _Area("f8713dbf-5f92-ed11-aad1-000d3a5600fa", "Microsoft Purview Information Protection", "", (), "portal-2023"),
    _Area("04fbd71e-0908-ed11-b83e-000d3a1036b3", "SIEM & XDR", "", (), "portal-2023"),
    # 2017-2018 names that MVP Companion listed without ids (readme.md "2017-2018").
    _Area(None, "Bot Framework", "AI", (), "app-2018"),
    _Area(None, "Cognitive Services", "AI", (), "app-2018"),
    _Area(None, "Cognitive Toolkit", "AI", (), "app-2018"),
    _Area(None, "PowerApps and Flow", "Business Solutions", (), "app-2018"),
    _Area(None, "SQL Server R Services & Microsoft R Server", "Data Platform", (), "app-2018"),
    _Area(None, "SQL Server, Azure SQL Database & SQL Server on Linux", "Data Platform", (), "app-2018"),
    _Area(None, "Azure Security and Compliance", "Microsoft Azure", (), "app-2018"),
    _Area(None, "Enterprise Integration", "Microsoft Azure", (), "app-2018"),
)

# The sharing preferences (``contributions/sharingpreferences``), in the API's order.
LEGACY_VISIBILITIES: tuple[LegacyVisibility, ...] = (
    LegacyVisibility(100000000, "Microsoft", "MicrosoftVisibilityText", ("Microsoft Only",)),
    LegacyVisibility(100000001, "MVP Community", "MVPVisibilityText", ()),
    LegacyVisibility(299600000, "Everyone", "PublicVisibilityText", ("Public",)),
)
EVERYONE = 299600000
MICROSOFT = 100000000


def listed_in_2022(seen_in: str) -> bool:
    """Whether the API's last answers (February 2022) listed it."""
    return "api-2022" in seen_in.split()


# Community tools' file shapes --------------------------------------------------------------------------------------
# lmammino/mvp-contributions (``contributions.yml``): each entry's ``type`` key, the legacy type id it submits as
# (``src/ContentSchemas.ts`` ``ContentTypeIDs``) and which legacy number each of its ``props`` is
# (``src/schemas/*.ts`` ``…FieldMapping``), at commit e3c77fc.
_Q, _S, _R = METRICS
CONTRIBUTIONS_YML: dict[str, tuple[str, dict[str, str]]] = {
    "Article": ("e36464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfArticles": _Q, "numberOfViews": _R}),
    "BlogWebsitePost": (
        "df6464de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfPosts": _Q, "numberOfSubscribers": _S, "annualUniqueVisitors": _R},
    ),
    "BookAuthor": ("db6464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfBooks": _Q, "copiesSold": _R}),
    "BookCoauthor": ("dd6464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfBooks": _Q, "copiesSold": _R}),
    "ConferenceStaffing": (
        "f16464de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfConferences": _Q, "numberOfVisitors": _R},
    ),
    "DocsMicrosoftComContribution": ("0ce0dc15-0304-e911-8171-3863bb2bca60", {"numberOfSubmissions": _Q}),
    "ForumModerator": ("f96464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfThreads": _Q}),
    "ForumParticipation": (
        "d96464de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfAnswers": _Q, "numberOfPosts": _S, "numberOfViewsOnAnswers": _R},
    ),
    "ForumParticipationMicrosoft": (
        "d76464de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfAnswers": _Q, "numberOfPosts": _S, "numberOfViewsOnAnswers": _R},
    ),
    "Mentorship": ("f76464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfMentorshipActivities": _Q, "numberOfMentee": _R}),
    "MicrosoftOpenSource": ("d2d96407-0304-e911-8171-3863bb2bca60", {"numberOfProjects": _Q}),
    "NonMicrosoftOpenSource": (
        "414bcf30-e889-e511-8110-c4346bac0abc",
        {"numberOfProjects": _Q, "numberOfContributions": _S},
    ),
    "OrganizerUserGroup": ("fd6464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfMeetings": _Q, "numberOfMembers": _R}),
    "OrganizerConference": (
        "ef6464de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfConferences": _Q, "numberOfAttendees": _R},
    ),
    "Other": ("ff6464de-179a-e411-bbc8-6c3be5a82b68", {"annualQuantity": _Q, "annualReach": _R}),
    "ProductGroupFeedback": (
        "016564de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfEvents": _Q, "numberOfFeedbacksProvided": _S},
    ),
    "SampleCode": ("e96464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfSamples": _Q, "numberOfDownloads": _R}),
    "SiteOwner": ("fb6464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfSites": _Q, "numberOfVisitors": _R}),
    "SpeakingConference": ("d16464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfTalks": _Q, "numberOfAttendees": _R}),
    "SpeakingUserGroup": ("d56464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfTalks": _Q, "numberOfAttendees": _R}),
    "TechnicalSocialMedia": (
        "eb6464de-179a-e411-bbc8-6c3be5a82b68",
        {"numberOfTalks": _Q, "numberOfFollowers": _R},
    ),
    "TranslationReview": ("056564de-179a-e411-bbc8-6c3be5a82b68", {"annualQuantity": _Q}),
    "VideoWebcastPodcast": ("e56464de-179a-e411-bbc8-6c3be5a82b68", {"numberOfVideos": _Q, "numberOfViews": _R}),
    "WorkshopVolunteerProctor": ("0ee0dc15-0304-e911-8171-3863bb2bca60", {"numberOfEvents": _Q}),
}

# The MVP portal of 2023 on names its activity types anew (``activityTypeName``); the legacy type each one is.
# Seen in its users' scripts (an ``MvpActivity`` PowerShell client, a TypeScript submit client): only names
# seen there are listed; any other name is still tried as it is.
PORTAL_2023_TYPES: dict[str, str] = {
    "Webinar/Online Training/Video/Livestream": "e56464de-179a-e411-bbc8-6c3be5a82b68",
    "Speaker/Presenter at Third-party event": "d16464de-179a-e411-bbc8-6c3be5a82b68",
    "Speaker/Presenter at Microsoft event": "d16464de-179a-e411-bbc8-6c3be5a82b68",
    "Blog": "df6464de-179a-e411-bbc8-6c3be5a82b68",
}
