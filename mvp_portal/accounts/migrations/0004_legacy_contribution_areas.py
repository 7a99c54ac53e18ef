"""Tie each expertise to the MVP API's contribution areas (technologies) that mean it.

Every area the API listed in February 2022 (118), in March 2021 and in 2017, and
the areas of the web portal that followed it, resolves to one of the 92
expertises: by its GUID (``legacy_ids``, the first being the one the legacy API
shows) and by every name it appeared under (``aliases``). Where the portal has
no area of that name, the closest one is chosen and the reason given. The
sources of the lists are named in ``nominations/legacy_data.py``. A few common
variants that no legacy list carries (``VARIANTS``) are added as aliases.

The table is frozen here so that this migration means the same thing forever;
program admins edit the mapping in the admin afterwards. Running it again
leaves an expertise that already has legacy ids or aliases alone.
"""

import unicodedata

from django.db import migrations

# (expertise, legacy area GUID or None where no source gives one, names it appeared under)  # why, where not obvious
AREAS = [
    ("Azure AI Services", "6708a593-1c35-e711-810e-3863bb363e80", ["Azure Cognitive Services"]),  # renamed by Microsoft in 2023
    ("Azure AI Services", None, ["Cognitive Services"]),
    ("Azure Machine Learning", "a003f4ef-066b-e511-810b-fc15b428ced0", ["Azure Machine Learning"]),
    ("Azure Machine Learning", "c203f4ef-066b-e511-810b-fc15b428ced0", ["Cortana Intelligence Suite"]),  # the suite's advanced analytics
    ("Azure Machine Learning", None, ["Cognitive Toolkit"]),
    ("Azure AI Search", "922e5279-1e31-ea11-a810-000d3a8ccaf5", ["Azure Cognitive Search"]),  # renamed by Microsoft in 2023
    ("Azure AI Search", "a603f4ef-066b-e511-810b-fc15b428ced0", ["Azure Search"]),  # Azure Search became Azure AI Search
    ("Bot Framework", "432e48a3-1c35-e711-810e-3863bb363e80", ["Azure Bot Service"]),
    ("Bot Framework", None, ["Bot Framework"]),
    ("Copilot Studio", "0cd8fd4f-cac4-ea11-a812-000d3a8dfe0d", ["Power Virtual Agents"]),  # Power Virtual Agents was renamed Copilot Studio
    ("Dynamics 365 Sales", "6679469e-e083-e811-8136-3863bb2bca60", ["Dynamics 365"]),  # the legacy area covered every Dynamics 365 app; Sales, the CRM line, is the default
    ("Dynamics 365 Sales", "4cc301bb-189a-e411-93f2-9cb65495d3c4", ["Dynamics CRM"]),  # Dynamics CRM became Dynamics 365 Sales
    ("Dynamics 365 Finance", "4ac301bb-189a-e411-93f2-9cb65495d3c4", ["Dynamics AX"]),  # Dynamics AX became Finance and Operations
    ("Business Central", "50c301bb-189a-e411-93f2-9cb65495d3c4", ["Dynamics NAV"]),  # Dynamics NAV became Business Central
    ("Business Central", "4ec301bb-189a-e411-93f2-9cb65495d3c4", ["Dynamics GP"]),  # the portal's small-business ERP area
    ("Power Apps", "fc78c036-45ac-e911-a9a0-000d3a1362e3", ["Power Apps"]),
    ("Power Apps", None, ["PowerApps and Flow"]),
    ("Power Automate", "8ab4d989-45ac-e911-a9a0-000d3a1362e3", ["Power Automate"]),
    ("Power BI", "3204f4ef-066b-e511-810b-fc15b428ced0", ["Power BI"]),
    ("Power Pages", "02b4a24e-8ce8-ec11-bb3d-0022482ba756", ["Power Pages"]),
    ("Hyper-V", "9ec301bb-189a-e411-93f2-9cb65495d3c4", ["Hyper-V"]),
    ("Hyper-V", "e203f4ef-066b-e511-810b-fc15b428ced0", ["Linux on Hyper-V"]),
    ("Failover Clustering", "d003f4ef-066b-e511-810b-fc15b428ced0", ["High Availability"]),
    ("Windows Server", "98c301bb-189a-e411-93f2-9cb65495d3c4", ["Windows Server for Small & Medium Business", "Windows Server for Small and Medium Business"]),
    ("Windows Server", "e603f4ef-066b-e511-810b-fc15b428ced0", ["Networking"]),  # datacenter networking on Windows Server
    ("Windows Server", "3c04f4ef-066b-e511-810b-fc15b428ced0", ["Remote Desktop Services", "RDS/Azure Remote App"]),  # a Windows Server role
    ("Operations Manager", "c603f4ef-066b-e511-810b-fc15b428ced0", ["Datacenter Management"]),  # datacenter management was System Center
    ("Operations Manager", "e403f4ef-066b-e511-810b-fc15b428ced0", ["Linux in System Center/Operations Management Suite", "Linux on System Center/Operations Management Suite"]),
    ("Intune", "4a04f4ef-066b-e511-810b-fc15b428ced0", ["Endpoint Manager", "System Center Configuration Manager & Microsoft Intune", "Microsoft Intune"]),  # renamed Microsoft Intune by Microsoft in 2023
    ("Azure Arc", "b2c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Arc Enabled Infrastructure"]),
    ("Azure Arc", "c4c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Arc Enabled Data Services"]),
    ("Azure Arc", "b003f4ef-066b-e511-810b-fc15b428ced0", ["Azure Edge + Platform (Azure Stack Hub, Stack Edge, Media Services)", "Azure Stack", "Azure Hybrid"]),  # Azure Stack, later Azure Hybrid: the portal's hybrid area
    ("PowerShell", "7cc301bb-189a-e411-93f2-9cb65495d3c4", ["PowerShell"]),
    ("Storage Spaces", "4604f4ef-066b-e511-810b-fc15b428ced0", ["Storage"]),  # the portal's datacenter storage area
    ("SQL Server", "bac13df4-a633-eb11-a813-000d3a8ccd71", ["SQL Server (on Windows, Linux, Containers)"]),
    ("SQL Server", "c0c13df4-a633-eb11-a813-000d3a8ccd71", ["Big Data Clusters"]),  # a SQL Server 2019 feature
    ("SQL Server", "ed4c8e60-b30a-e611-8121-c4346bacebc4", ["SQL Server Machine Learning Services  (R, Python)", "Microsoft R Services"]),
    ("SQL Server", "78c301bb-189a-e411-93f2-9cb65495d3c4", ["SQL Server"]),
    ("SQL Server", "ba46f900-8cf6-ec11-82e4-000d3a1028ba", ["Tools & Connectivity"]),  # SQL Server's tools and drivers
    ("SQL Server", None, ["SQL Server R Services & Microsoft R Server"]),
    ("SQL Server", None, ["SQL Server, Azure SQL Database & SQL Server on Linux"]),
    ("Azure SQL", "bcc13df4-a633-eb11-a813-000d3a8ccd71", ["Azure SQL (Database, Pools, Serverless, Hyperscale, Managed Instance, Virtual Machines)"]),
    ("Azure SQL", "041f6ea2-bc62-e711-8117-3863bb36edf8", ["Azure Database for MySQL"]),  # the portal's Azure relational database area
    ("Azure SQL", "f5c002bd-bc62-e711-8117-3863bb36edf8", ["Azure Database for PostgreSQL"]),  # the portal's Azure relational database area
    ("Azure SQL", "bec13df4-a633-eb11-a813-000d3a8ccd71", ["Azure SQL Edge"]),
    ("Azure SQL", "ae03f4ef-066b-e511-810b-fc15b428ced0", ["Azure SQL Database"]),
    ("Azure Cosmos DB", "9c03f4ef-066b-e511-810b-fc15b428ced0", ["Azure Cosmos DB", "Azure DocumentDB"]),
    ("Azure Synapse Analytics", "c6c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Synapse Analytics"]),
    ("Azure Synapse Analytics", "9a4b2adf-9f72-ec11-8943-000d3a53ba10", ["Azure Data Explorer"]),  # Synapse Data Explorer; the portal's Azure analytics area
    ("Azure Synapse Analytics", "9a03f4ef-066b-e511-810b-fc15b428ced0", ["Azure Data Lake"]),  # the portal's Azure analytics area
    ("Azure Synapse Analytics", "9e03f4ef-066b-e511-810b-fc15b428ced0", ["Azure HDInsight and Hadoop & Spark on Azure", "Azure HDInsight and Hadoop, Spark, & Storm on Azure"]),  # Spark and Hadoop analytics
    ("Azure Synapse Analytics", "b403f4ef-066b-e511-810b-fc15b428ced0", ["Azure Stream Analytics"]),  # the portal's Azure analytics area
    ("Azure Synapse Analytics", "ac03f4ef-066b-e511-810b-fc15b428ced0", ["Data Warehousing (Azure SQL Data Warehouse, Fast Track & APS)", "Azure SQL Data Warehouse"]),  # SQL Data Warehouse became Synapse
    ("Azure Synapse Analytics", "9003f4ef-066b-e511-810b-fc15b428ced0", ["Analytics Platform System"]),  # APS led to SQL Data Warehouse, then Synapse
    ("Azure Data Factory", "d403f4ef-066b-e511-810b-fc15b428ced0", ["Information Management (ADF, SSIS, &Data Sync)", "Information Management (ADF, SSIS, & Data Sync)"]),
    ("Analysis Services", "4404f4ef-066b-e511-810b-fc15b428ced0", ["SQL Server Reporting Services & Analysis Services"]),
    ("Azure Databricks", "c2c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Databricks"]),
    (".NET", "aec301bb-189a-e411-93f2-9cb65495d3c4", [".NET"]),
    ("ASP.NET", "82c301bb-189a-e411-93f2-9cb65495d3c4", ["ASP.NET/IIS"]),
    ("Visual Studio", "4e04f4ef-066b-e511-810b-fc15b428ced0", ["Visual Studio Extensibility"]),
    ("Visual Studio Code", "eec0fc70-8ce8-ec11-bb3d-0022482ba756", ["Visual Studio Code"]),
    ("Visual Studio Code", "dc03f4ef-066b-e511-810b-fc15b428ced0", ["Java"]),  # no Java area; Microsoft's Java tooling is Visual Studio Code
    ("Visual Studio Code", "3004f4ef-066b-e511-810b-fc15b428ced0", ["PHP"]),  # no PHP area; Microsoft's PHP tooling is Visual Studio Code
    ("Visual Studio Code", "3a04f4ef-066b-e511-810b-fc15b428ced0", ["Python"]),  # no Python area; Microsoft's Python tooling is Visual Studio Code
    ("Visual Studio Code", "c4fe7f2a-8678-ea11-a811-000d3a8ccaf5", ["Quantum"]),  # no quantum area; the Quantum Development Kit is a Visual Studio Code extension
    ("TypeScript", "de03f4ef-066b-e511-810b-fc15b428ced0", ["Javascript/Typescript"]),
    ("TypeScript", "cc03f4ef-066b-e511-810b-fc15b428ced0", ["Front End Web Dev"]),  # the portal's front-end web area
    ("TypeScript", "e803f4ef-066b-e511-810b-fc15b428ced0", ["Node.js"]),  # JavaScript on the server
    ("TypeScript", "c003f4ef-066b-e511-810b-fc15b428ced0", ["Cordova"]),  # JavaScript apps
    ("TypeScript", "ce03f4ef-066b-e511-810b-fc15b428ced0", ["Grunt/Gulp"]),  # JavaScript tooling
    ("C++", "8cc301bb-189a-e411-93f2-9cb65495d3c4", ["C++", "Visual C++"]),
    ("C++", "ba03f4ef-066b-e511-810b-fc15b428ced0", ["Clang/LLVM"]),
    ("Windows Development", "5004f4ef-066b-e511-810b-fc15b428ced0", ["Windows App Development", "Windows Development"]),
    ("Windows Development", "c1b41e30-5af2-e611-80fe-3863bb35ef70", ["Windows Design"]),
    ("Windows Development", "5604f4ef-066b-e511-810b-fc15b428ced0", ["Windows Hardware Engineering (IoT, Mobile, and Desktop)"]),  # drivers and device apps are Windows development
    ("Windows Development", "0b2c2181-02e4-e611-80fe-3863bb34cb20", ["Accessibility"]),  # no accessibility area; app UI development is the closest
    (".NET MAUI", "5804f4ef-066b-e511-810b-fc15b428ced0", ["Xamarin"]),  # .NET MAUI succeeded Xamarin
    ("Azure DevOps", "84c301bb-189a-e411-93f2-9cb65495d3c4", ["GitHub & Azure DevOps", "Azure DevOps", "Visual Studio ALM"]),
    ("Infrastructure as Code", "c803f4ef-066b-e511-810b-fc15b428ced0", ["ARM Templates (Infra as Code)", "ARM & DevOps on Azure (Chef, Puppet, Salt, Ansible, Dev/Test Lab)"]),
    ("Infrastructure as Code", "b803f4ef-066b-e511-810b-fc15b428ced0", ["Chef/Puppet in Datacenter"]),  # Chef and Puppet are configuration as code
    ("Infrastructure as Code", "3e04f4ef-066b-e511-810b-fc15b428ced0", ["Azure SDK (Software Development Kit) and CLIs ( Az CLI, PowerShell, Terraform, Ansible)", "SDK support on Azure (.NET, Node.js, Java, PHP, Python, GO, Ruby)"]),  # CLIs, Terraform and Ansible
    ("Azure Compute", "b603f4ef-066b-e511-810b-fc15b428ced0", ["Azure Core Compute (VMSS, Confidential Computing, Platform Deployment)", "Azure Compute (VM, VMSS, Cloud Services)"]),
    ("Azure Compute", "aa03f4ef-066b-e511-810b-fc15b428ced0", ["Azure Service Fabric"]),
    ("Azure Compute", "45a28288-b30a-e611-8121-c4346bacebc4", ["Azure HPC/Batch"]),
    ("Azure Networking", "a403f4ef-066b-e511-810b-fc15b428ced0", ["Azure Networking"]),
    ("Azure Networking", "a203f4ef-066b-e511-810b-fc15b428ced0", ["Azure Media Service & CDN"]),  # content delivery
    ("Azure Kubernetes Service", "e003f4ef-066b-e511-810b-fc15b428ced0", ["Azure Kubernetes, Container Instances, Docker", "Azure Container Services (Docker, Windows Server)"]),
    ("Azure Kubernetes Service", "be03f4ef-066b-e511-810b-fc15b428ced0", ["Container Management"]),  # the portal's only container area
    ("Azure Kubernetes Service", "b8c13df4-a633-eb11-a813-000d3a8ccd71", ["Distributed App Runtime (Dapr), Open App Model (OAM), Open Service Mesh (OSM)", "Distributed App Runtime (Dapr), Open App Model(OAM), Open Service Mesh(OSM)"]),  # cloud-native runtimes on Kubernetes
    ("Azure Functions", "86e5e214-893d-ea11-a812-000d3a8cc191", ["Azure Functions"]),
    ("Azure App Service", "9403f4ef-066b-e511-810b-fc15b428ced0", ["Azure App Service"]),
    ("Azure Storage", "b203f4ef-066b-e511-810b-fc15b428ced0", ["Azure Storage"]),
    ("Azure Storage", "9603f4ef-066b-e511-810b-fc15b428ced0", ["Azure Backup & Disaster Recovery", "Azure Backup & Recovery"]),  # backups are storage
    ("Azure Architecture", "3604f4ef-066b-e511-810b-fc15b428ced0", ["Previous Expertise: Microsoft Azure"]),  # the general Azure area
    ("Azure Architecture", "871f7786-e083-e811-8136-3863bb2bca60", ["Azure Blockchain"]),  # a retired service; the general Azure area
    ("Azure Architecture", "b0c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Lighthouse"]),  # governance across tenants
    ("Azure Architecture", "acc13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Migrate"]),  # migration planning
    ("Azure Architecture", "b6c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Monitor"]),  # operating an Azure estate
    ("Azure Architecture", "aec13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Policy & Governance"]),  # governance
    ("Azure Cost Management", "b4c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Cost Management"]),
    ("Azure Integration Services", "9203f4ef-066b-e511-810b-fc15b428ced0", ["Service Bus, Event Hubs, Event Grid, Relay", "Application Integration"]),
    ("Azure Integration Services", "aac13df4-a633-eb11-a813-000d3a8ccd71", ["Azure API Management"]),
    ("Azure Integration Services", "a8c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Logic Apps"]),
    ("Azure Integration Services", None, ["Enterprise Integration"]),
    ("Azure IoT", "da03f4ef-066b-e511-810b-fc15b428ced0", ["Azure IoT", "IoT on Azure and Azure Messaging (Event Hub and Service Bus)"]),
    ("Azure IoT", "a5fca890-c108-ed11-b83e-000d3a1036b3", ["Azure Edge Devices"]),
    ("Azure IoT", "f55d3f7e-c108-ed11-b83e-000d3a1036b3", ["Azure IoT Services & Development"]),
    ("Active Directory", "3404f4ef-066b-e511-810b-fc15b428ced0", ["Previous Expertise: Directory Services"]),
    ("Active Directory", "7ac301bb-189a-e411-93f2-9cb65495d3c4", ["Group Policy"]),  # Group Policy is part of Active Directory
    ("Microsoft Defender", "581d9a90-105d-ea11-a812-000d3a8ccba0", ["Threat Protection"]),
    ("Microsoft Sentinel", "04fbd71e-0908-ed11-b83e-000d3a1036b3", ["SIEM & XDR"]),  # Microsoft's SIEM
    ("Microsoft Purview", "e2bc2807-a072-ec11-8943-000d3a53ba10", ["Azure Purview", "Microsoft Purview"]),  # renamed by Microsoft in 2022
    ("Microsoft Purview", "c8c13df4-a633-eb11-a813-000d3a8ccd71", ["Azure Data Catalog"]),  # Purview succeeded Azure Data Catalog
    ("Microsoft Purview", "d603f4ef-066b-e511-810b-fc15b428ced0", ["Information Protection"]),  # Purview Information Protection
    ("Microsoft Purview", "f8713dbf-5f92-ed11-aad1-000d3a5600fa", ["Microsoft Purview Information Protection"]),
    ("Identity and Access", "d203f4ef-066b-e511-810b-fc15b428ced0", ["Identity and Access"]),
    ("Identity and Access", "1afde108-0908-ed11-b83e-000d3a1036b3", ["Identity & Access"]),
    ("Cloud Security", "d98e6828-0908-ed11-b83e-000d3a1036b3", ["Cloud Security"]),
    ("Cloud Security", "8ac301bb-189a-e411-93f2-9cb65495d3c4", ["Developer Security"]),  # the portal's general security area
    ("Cloud Security", "2847b5ea-105d-ea11-a812-000d3a8ccba0", ["Cloud Infrastructure Protection"]),
    ("Cloud Security", "90c301bb-189a-e411-93f2-9cb65495d3c4", ["Enterprise Security"]),  # the portal's general security area
    ("Cloud Security", "a803f4ef-066b-e511-810b-fc15b428ced0", ["Azure Security"]),
    ("Cloud Security", None, ["Azure Security and Compliance"]),
    ("Exchange Server", "ca03f4ef-066b-e511-810b-fc15b428ced0", ["Exchange"]),  # the legacy area covered Exchange Server and Online
    ("Exchange Online", "70c301bb-189a-e411-93f2-9cb65495d3c4", ["Office 365", "Office365"]),  # no general Microsoft 365 area; tenant administration centres on Exchange Online
    ("SharePoint", "4004f4ef-066b-e511-810b-fc15b428ced0", ["SharePoint"]),
    ("SharePoint", "554b9e95-e083-e811-8136-3863bb2bca60", ["Microsoft Stream"]),  # Stream is built on SharePoint since 2022
    ("SharePoint", "60c301bb-189a-e411-93f2-9cb65495d3c4", ["Project"]),  # Project Online and Project Server run on SharePoint
    ("SharePoint", "4204f4ef-066b-e511-810b-fc15b428ced0", ["SharePoint Development", "SharePoint Add-in Development"]),
    ("Microsoft Teams", "5f408202-bc62-e711-8117-3863bb36edf8", ["Microsoft Teams"]),
    ("Microsoft Teams", "6ac301bb-189a-e411-93f2-9cb65495d3c4", ["Skype for Business"]),  # Teams succeeded Skype for Business
    ("Microsoft Teams", "67289880-bc62-e711-8117-3863bb36edf8", ["Microsoft Teams Development"]),
    ("OneDrive", "1e5d028e-e083-e811-8136-3863bb2bca60", ["OneDrive"]),
    ("Outlook", "5cc301bb-189a-e411-93f2-9cb65495d3c4", ["Outlook"]),
    ("Outlook", "2212617a-e083-e811-8136-3863bb2bca60", ["Outlook Development"]),
    ("Excel", "54c301bb-189a-e411-93f2-9cb65495d3c4", ["Excel"]),
    ("Excel", "ec03f4ef-066b-e511-810b-fc15b428ced0", ["W/X/P Development", "Office Add-in Development"]),  # Office add-ins for Word, Excel and PowerPoint; Excel's are the most common
    ("Word", "66c301bb-189a-e411-93f2-9cb65495d3c4", ["Word"]),
    ("PowerPoint", "5ec301bb-189a-e411-93f2-9cb65495d3c4", ["PowerPoint"]),
    ("PowerPoint", "64c301bb-189a-e411-93f2-9cb65495d3c4", ["Visio"]),  # no Visio area; the closest visual-content app
    ("Access", "52c301bb-189a-e411-93f2-9cb65495d3c4", ["Access"]),
    ("OneNote", "5ac301bb-189a-e411-93f2-9cb65495d3c4", ["OneNote"]),
    ("Microsoft Viva", "ee3759d6-8ae8-ec11-bb3d-0022482ba756", ["Microsoft Viva"]),
    ("Microsoft Viva", "5a04f4ef-066b-e511-810b-fc15b428ced0", ["Yammer"]),  # Yammer became Viva Engage
    ("Microsoft Graph", "ea03f4ef-066b-e511-810b-fc15b428ced0", ["Microsoft Graph", "O365 API Development"]),
    ("Microsoft Graph", "ee03f4ef-066b-e511-810b-fc15b428ced0", ["Office Development for Android"]),  # Office APIs
    ("Microsoft Graph", "f003f4ef-066b-e511-810b-fc15b428ced0", ["Office Development for iOS"]),  # Office APIs
    ("Microsoft Graph", "f203f4ef-066b-e511-810b-fc15b428ced0", ["Office Development with Angular.js"]),  # Office APIs
    ("Microsoft Graph", "f403f4ef-066b-e511-810b-fc15b428ced0", ["Office Development with Node.js"]),  # Office APIs
    ("Microsoft Graph", "f603f4ef-066b-e511-810b-fc15b428ced0", ["Office Development with PHP"]),  # Office APIs
    ("Windows Client", "5404f4ef-066b-e511-810b-fc15b428ced0", ["Windows for IT"]),
    ("Windows Client", "ac699959-fc2a-ec11-b6e6-000d3a54f950", ["Windows 365"]),  # Cloud PCs run Windows
    ("Surface", "1183268f-7773-e511-8110-fc15b4285d7c", ["Surface for IT", "Surface Deployment & Management"]),
    ("Mixed Reality", "3ec301bb-189a-e411-93f2-9cb65495d3c4", ["Windows Mixed Reality"]),
    ("Mixed Reality", "653d5962-0908-ed11-b83e-000d3a1036b3", ["D365 Mixed Reality"]),
    ("Mixed Reality", "4ece0948-0908-ed11-b83e-000d3a1036b3", ["MR Design"]),
    ("Mixed Reality", "ecca2655-0908-ed11-b83e-000d3a1036b3", ["MR Development"]),
    ("Game Development", "4c04f4ef-066b-e511-810b-fc15b428ced0", ["Unity"]),
]

VARIANTS = {
    "Azure AI Services": ["Azure Cognitive Services", "Cognitive Services"],
    "Microsoft Entra ID": ["Azure Active Directory", "Azure AD"],
    "Configuration Manager": ["System Center Configuration Manager", "Microsoft Endpoint Configuration Manager", "SCCM", "ConfigMgr"],
    "Intune": ["Microsoft Intune"],
    "Dataverse": ["Microsoft Dataverse", "Common Data Service"],
    "Copilot Studio": ["Microsoft Copilot Studio"],
    "Microsoft Sentinel": ["Azure Sentinel"],
    "Microsoft Defender": ["Microsoft 365 Defender", "Azure Defender"],
    "Microsoft Viva": ["Viva Engage"],
    "Operations Manager": ["System Center Operations Manager", "SCOM"],
    "Virtual Machine": ["Virtual Machines"],
    "Integration Services": ["SSIS", "SQL Server Integration Services"],
    "Analysis Services": ["SSAS", "SQL Server Analysis Services", "Azure Analysis Services"],
    "TypeScript": ["JavaScript"],
    "Exchange Online": ["Office 365"],
}


def _key(value):
    text = unicodedata.normalize("NFKC", str(value)).casefold().replace("&", " and ")
    return "".join(ch for ch in text if ch.isalnum() or ch in "#+")


def _table():
    table = {}
    for expertise, legacy_id, names in AREAS:
        ids, aliases = table.setdefault(expertise, ([], []))
        if legacy_id and legacy_id not in ids:
            ids.append(legacy_id)
        aliases.extend(names)
    for expertise, names in VARIANTS.items():
        table.setdefault(expertise, ([], []))[1].extend(names)
    return table


def load(apps, schema_editor):
    Expertise = apps.get_model("accounts", "Expertise")
    for name, (ids, names) in _table().items():
        expertise = Expertise.objects.filter(name=name).first()
        if expertise is None or expertise.legacy_ids or expertise.aliases:
            continue
        seen, aliases = {_key(expertise.name), _key(expertise.slug)}, []
        for alias in names:
            if _key(alias) not in seen:
                seen.add(_key(alias))
                aliases.append(alias)
        expertise.legacy_ids, expertise.aliases = ids, aliases
        expertise.save(update_fields=["legacy_ids", "aliases"])


def unload(apps, schema_editor):
    apps.get_model("accounts", "Expertise").objects.filter(name__in=list(_table())).update(legacy_ids=[], aliases=[])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_expertise_legacy_fields")]
    operations = [migrations.RunPython(load, unload)]
