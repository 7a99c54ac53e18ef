"""Ship the award categories with their technology areas, and 40 languages.

The lists are frozen here (not imported) so that this migration means the same
thing forever; program admins edit the data in the admin afterwards.
"""

from django.db import migrations
from django.utils.text import slugify

EXPERTISES = {
    "AI Platform": [
        "Azure AI Services", "Azure Machine Learning", "Azure AI Search", "Bot Framework", "Semantic Kernel",
        "Copilot Studio",
    ],
    "Business Applications": [
        "Dynamics 365 Sales", "Dynamics 365 Customer Service", "Dynamics 365 Finance",
        "Dynamics 365 Supply Chain", "Business Central", "Power Apps", "Power Automate", "Power BI",
        "Power Pages", "Dataverse",
    ],
    "Cloud and Datacenter Management": [
        "Configuration Manager", "Virtual Machine", "Hyper-V", "Failover Clustering", "Windows Server",
        "Operations Manager", "Intune", "Azure Arc", "PowerShell", "Storage Spaces",
    ],
    "Data Platform": [
        "SQL Server", "Azure SQL", "Azure Cosmos DB", "Azure Synapse Analytics", "Microsoft Fabric",
        "Azure Data Factory", "Integration Services", "Analysis Services", "Azure Databricks",
    ],
    "Developer Technologies": [
        ".NET", "C#", "F#", "Visual Basic", "ASP.NET", "Blazor", "Visual Studio", "Visual Studio Code",
        "TypeScript", "C++", "Windows Development", ".NET MAUI", "Entity Framework", "GitHub Actions",
    ],
    "DevOps": ["Azure DevOps", "Azure Pipelines", "Infrastructure as Code", "GitHub Copilot"],
    "Azure": [
        "Azure Compute", "Azure Networking", "Azure Kubernetes Service", "Azure Functions", "Azure App Service",
        "Azure Storage", "Azure Architecture", "Azure Cost Management", "Azure Integration Services", "Azure IoT",
    ],
    "Security": [
        "Active Directory", "Microsoft Entra ID", "Microsoft Defender", "Microsoft Sentinel",
        "Microsoft Purview", "Identity and Access", "Cloud Security",
    ],
    "Microsoft 365": [
        "Exchange Server", "Exchange Online", "SharePoint", "Microsoft Teams", "OneDrive",
        "Microsoft 365 Copilot", "Outlook", "Excel", "Word", "PowerPoint", "Access", "OneNote", "Microsoft Viva",
        "Microsoft Graph",
    ],
    "Windows and Devices": ["Windows Client", "Windows Insider", "Surface", "Mixed Reality", "Microsoft Edge"],
    "Gaming": ["Xbox", "DirectX", "Game Development"],
}

LANGUAGES = [
    ("ar", "Arabic"), ("bg", "Bulgarian"), ("bn", "Bengali"), ("ca", "Catalan"), ("cs", "Czech"),
    ("da", "Danish"), ("de", "German"), ("el", "Greek"), ("en", "English"), ("es", "Spanish"),
    ("fa", "Persian"), ("fi", "Finnish"), ("fr", "French"), ("he", "Hebrew"), ("hi", "Hindi"),
    ("hr", "Croatian"), ("hu", "Hungarian"), ("id", "Indonesian"), ("it", "Italian"), ("ja", "Japanese"),
    ("ko", "Korean"), ("ms", "Malay"), ("nb", "Norwegian Bokmål"), ("nl", "Dutch"), ("pl", "Polish"),
    ("pt-BR", "Portuguese (Brazil)"), ("pt-PT", "Portuguese (Portugal)"), ("ro", "Romanian"),
    ("ru", "Russian"), ("sk", "Slovak"), ("sr", "Serbian"), ("sv", "Swedish"), ("ta", "Tamil"),
    ("th", "Thai"), ("tr", "Turkish"), ("uk", "Ukrainian"), ("ur", "Urdu"), ("vi", "Vietnamese"),
    ("zh-Hans", "Chinese (Simplified)"), ("zh-Hant", "Chinese (Traditional)"),
]


def _slug(name: str) -> str:
    # ".NET", "C#" and "C++" need spelled-out slugs to stay unique.
    spelled = name.replace("#", " sharp").replace("++", " plus plus").replace(".NET", "dotnet")
    return slugify(spelled)


def load(apps, schema_editor):
    Expertise = apps.get_model("accounts", "Expertise")
    Language = apps.get_model("accounts", "Language")
    Expertise.objects.bulk_create(
        [
            Expertise(category=category, name=name, slug=_slug(name))
            for category, names in EXPERTISES.items()
            for name in names
        ],
        ignore_conflicts=True,
    )
    Language.objects.bulk_create([Language(code=c, name=n) for c, n in LANGUAGES], ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("accounts", "Expertise").objects.filter(
        name__in=[n for names in EXPERTISES.values() for n in names]
    ).delete()
    apps.get_model("accounts", "Language").objects.filter(code__in=[c for c, _ in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
