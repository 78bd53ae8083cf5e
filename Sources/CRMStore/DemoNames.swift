// crm — a terminal-first CRM. Licensed under the MIT License.

/// Word lists for demo data: international names, including accents and CJK, as real teams have.
enum DemoNames {
    static let first = [
        "Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Greta", "Hiro", "Ingrid", "José", "Kai", "Lena", "Mateo",
        "Nina",
        "Olu", "Priya", "Quinn", "Rosa", "Søren", "Tomás", "Uma", "Vera", "Wei", "Xavier", "Yuki", "Zoë", "Amara",
        "Björn",
        "Carmen", "Diego", "Elif", "Fatima", "Gabriel", "Hannah", "Ivan", "Julia", "Kenji", "Laura", "Miguel", "Noah",
        "Olivia", "Pablo", "Rahul", "Sara", "Théo", "Ugo", "Valentina", "William", "Yara", "明",
    ]
    static let last = [
        "Lima", "Okafor", "Dubois", "Petrov", "Schmidt", "Haddad", "Larsen", "Tanaka", "Berg", "García", "Müller",
        "Rossi",
        "Nowak", "Kowalski", "Ångström", "Jensen", "Silva", "Novák", "Fischer", "O'Brien", "Nguyen", "Kim", "Park",
        "Chen",
        "Singh", "Patel", "Cohen", "Martin", "Bernard", "López", "González", "Ivanova", "Yilmaz", "Andersson", "Moreau",
        "Costa", "Santos", "Wójcik", "Hoffmann", "Ferrari", "Smith", "Johnson", "Brown", "Taylor", "Wilson", "李", "王",
    ]
    static let companyStems = [
        "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Cyberdyne",
        "Tyrell",
        "Wonka", "Gringotts", "Oceanic", "Monarch", "Nakatomi", "Aperture", "Black Mesa", "Massive Dynamic",
        "Pied Piper",
    ]
    static let companySuffixes = [
        "GmbH", "Inc", "Ltd", "AG", "SA", "BV", "Group", "Labs", "Systems", "& Co", "KK", "Oy",
    ]
    static let industries = [
        "Software", "Manufacturing", "Retail", "Healthcare", "Finance", "Logistics", "Energy", "Media",
    ]
    static let titles = [
        "CEO", "CTO", "Head of Sales", "Buyer", "Engineer", "Office Manager", "CFO", "Procurement Lead",
    ]
    static let dealKinds = [
        "Renewal", "Expansion", "Pilot", "Rollout", "Upgrade", "Support plan", "Licences", "Onboarding",
    ]
    static let activitySubjects = [
        "Intro call", "Demo", "Follow up on proposal", "Send pricing", "Quarterly review", "Contract questions",
        "Check in", "Onboarding session", "Renewal reminder", "Security questionnaire",
    ]
    static let caseSubjects = [
        "Cannot log in", "Invoice is wrong", "Export fails", "Printer on fire", "Slow dashboard", "Password reset",
        "Sync conflict", "Feature request", "Data import stuck", "API returns 500",
    ]
}
