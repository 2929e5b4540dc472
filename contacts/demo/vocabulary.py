"""Hand-written word lists the demo network is drawn from.

Every domain is under the reserved `.example` top-level domain (RFC 2606), so no demo address can
ever reach a real inbox, and every phone number follows a real national plan so that it validates
like one a user would type.
"""

from contacts.models import MembershipRole, OrganizationKind, RelationshipType, Tier

FIRST_NAMES = [
    "Ada", "Adèle", "Aisha", "Alejandro", "Amara", "Amélie", "Anders", "Ángela", "Anika", "Arjun",
    "Aurélien", "Bastien", "Beatriz", "Benedikt", "Camille", "Carlos", "Chen", "Chiara", "Chloé",
    "Clément", "Dalia", "Daniel", "Diego", "Elif", "Elena", "Élodie", "Emeka", "Emma", "Farah",
    "Fatou", "Felix", "Florence", "Gabriel", "Giulia", "Hana", "Hannah", "Hugo", "Ibrahim", "Inès",
    "Ingrid", "Isabel", "Jakob", "Jana", "Javier", "Julien", "Kenji", "Khadija", "Lars", "Laura",
    "Léa", "Leila", "Lina", "Lucas", "Luca", "Mai", "Manon", "Marco", "Margaux", "Maria", "Mateo",
    "Mathilde", "Mehdi", "Mei", "Mia", "Nadia", "Nicolas", "Nina", "Noah", "Nour", "Olga", "Omar",
    "Paul", "Pauline", "Priya", "Rafael", "Ravi", "Rosa", "Sacha", "Samuel", "Sara", "Sofia",
    "Soren", "Tariq", "Théo", "Thomas", "Valentina", "Victor", "Wei", "Yasmine", "Yuki", "Zoé",
]  # fmt: skip

LAST_NAMES = [
    "Abebe", "Adeyemi", "Almeida", "Andersen", "Bauer", "Benali", "Bernard", "Bianchi", "Boucher",
    "Castillo", "Chatterjee", "Chevalier", "Costa", "Da Silva", "Dubois", "Durand", "Eriksson",
    "Fernández", "Fischer", "Fontaine", "Garcia", "Girard", "Gómez", "Haddad", "Hansen", "Hoffmann",
    "Ito", "Jansen", "Kaya", "Keller", "Kim", "Kowalski", "Laurent", "Leroy", "Li", "Lindqvist",
    "López", "Martin", "Mendes", "Mercier", "Meyer", "Moreau", "Müller", "Nakamura", "Nguyen",
    "Novak", "Okafor", "Olsen", "Owusu", "Park", "Patel", "Perrin", "Petit", "Ricci", "Richard",
    "Roux", "Russo", "Sánchez", "Santos", "Schmidt", "Schneider", "Sharma", "Silva", "Singh",
    "Suzuki", "Tanaka", "Traoré", "Van Dijk", "Vasquez", "Vidal", "Wagner", "Wang", "Weber",
    "Yamamoto", "Yilmaz", "Zhang",
]  # fmt: skip

NICKNAMES = {
    "Alejandro": "Alex", "Benedikt": "Ben", "Daniel": "Dani", "Elena": "Lena", "Florence": "Flo",
    "Gabriel": "Gabe", "Isabel": "Isa", "Javier": "Javi", "Margaux": "Margo", "Mathilde": "Mat",
    "Nicolas": "Nico", "Rafael": "Rafa", "Samuel": "Sam", "Valentina": "Vale", "Victor": "Vic",
}  # fmt: skip

# (name, kind, industry, domain). The first twenty make the default demo; larger demos continue
# with combined names (see COMPANY_STEMS).
ORGANIZATIONS = [
    ("Northwind Analytics", OrganizationKind.COMPANY, "Data and analytics", "northwind"),
    ("Paris Python Meetup", OrganizationKind.COMMUNITY, "Software", "paris-python"),
    ("Bluefin Robotics", OrganizationKind.COMPANY, "Robotics", "bluefin"),
    ("Association of Product Managers", OrganizationKind.ASSOCIATION, "Product", "apm"),
    ("Helix Health", OrganizationKind.COMPANY, "Healthcare", "helix-health"),
    ("Code for Good Paris", OrganizationKind.NONPROFIT, "Civic tech", "codeforgood"),
    ("École Centrale Alumni", OrganizationKind.SCHOOL, "Education", "centrale-alumni"),
    ("Granite Capital", OrganizationKind.COMPANY, "Venture capital", "granite"),
    ("Women in Tech Europe", OrganizationKind.COMMUNITY, "Technology", "witeu"),
    ("Lumen Studio", OrganizationKind.COMPANY, "Design", "lumen"),
    ("French UX Association", OrganizationKind.ASSOCIATION, "Design", "ux-fr"),
    ("Atlas Logistics", OrganizationKind.COMPANY, "Logistics", "atlas-logistics"),
    ("Open Food Bank", OrganizationKind.NONPROFIT, "Food security", "openfoodbank"),
    ("Djangonauts Forum", OrganizationKind.COMMUNITY, "Software", "djangonauts"),
    ("Meridian Bank", OrganizationKind.COMPANY, "Finance", "meridian"),
    ("Lyon Business School Alumni", OrganizationKind.SCHOOL, "Education", "lbs-alumni"),
    ("Kestrel Security", OrganizationKind.COMPANY, "Cybersecurity", "kestrel"),
    ("Institute of Data Engineers", OrganizationKind.ASSOCIATION, "Data and analytics", "ide"),
    ("Tidewater Energy", OrganizationKind.COMPANY, "Energy", "tidewater"),
    ("Mentors Without Borders", OrganizationKind.NONPROFIT, "Education", "mwb"),
    ("Quanta Cloud", OrganizationKind.COMPANY, "Cloud infrastructure", "quanta"),
    ("Rust Lyon", OrganizationKind.COMMUNITY, "Software", "rust-lyon"),
    ("Orchard Retail", OrganizationKind.COMPANY, "Retail", "orchard"),
    ("Sciences Po Alumni", OrganizationKind.SCHOOL, "Education", "scpo-alumni"),
    ("Nimbus Games", OrganizationKind.COMPANY, "Video games", "nimbus"),
]

COMPANY_STEMS = [
    "Aurora", "Beacon", "Cedar", "Cobalt", "Delta", "Ember", "Falcon", "Harbor", "Indigo",
    "Juniper", "Lattice", "Maple", "Nova", "Onyx", "Pioneer", "Quartz", "Redwood", "Sable",
    "Summit", "Vertex",
]  # fmt: skip
COMPANY_SUFFIXES = [
    ("Labs", "Software"), ("Systems", "Cloud infrastructure"), ("Consulting", "Consulting"),
    ("Partners", "Finance"), ("Health", "Healthcare"), ("Media", "Media"), ("Foods", "Retail"),
    ("Mobility", "Transport"), ("Bio", "Biotechnology"), ("Studio", "Design"),
]  # fmt: skip

# A job title per industry family; anyone else gets a general one.
JOB_TITLES = {
    "Software": [
        "Software Engineer", "Staff Engineer", "Engineering Manager", "CTO", "Developer Advocate",
    ],
    "Data and analytics": ["Data Scientist", "Data Engineer", "Head of Analytics", "ML Engineer"],
    "Design": ["Product Designer", "UX Researcher", "Design Director", "Illustrator"],
    "Product": ["Product Manager", "Head of Product", "Product Owner"],
    "Finance": ["Investment Analyst", "Risk Manager", "CFO", "Private Banker"],
    "Venture capital": ["Partner", "Associate", "Venture Partner"],
    "Healthcare": ["Clinical Data Lead", "Product Manager", "Medical Director"],
    "Cybersecurity": ["Security Engineer", "CISO", "Penetration Tester"],
}  # fmt: skip
GENERAL_JOB_TITLES = [
    "Operations Manager", "Account Executive", "Marketing Lead", "Talent Partner", "Recruiter",
    "Founder", "Chief of Staff", "Customer Success Manager", "Consultant", "Project Manager",
    "Sales Director", "HR Business Partner", "Research Scientist", "Community Manager",
]  # fmt: skip

# (city, country calling code, national number prefix, digits after the prefix): real mobile
# ranges, so generated numbers are valid E.164 numbers.
LOCATIONS = [
    ("Paris, France", "33", "61", 7),
    ("Paris, France", "33", "75", 7),
    ("Lyon, France", "33", "62", 7),
    ("Bordeaux, France", "33", "66", 7),
    ("Nantes, France", "33", "76", 7),
    ("Berlin, Germany", "49", "151", 8),
    ("Munich, Germany", "49", "160", 7),
    ("London, United Kingdom", "44", "7400", 6),
    ("Manchester, United Kingdom", "44", "7712", 6),
    ("Amsterdam, Netherlands", "31", "61", 7),
    ("Barcelona, Spain", "34", "6", 8),
    ("Madrid, Spain", "34", "6", 8),
    ("Lisbon, Portugal", "351", "91", 7),
    ("Milan, Italy", "39", "333", 7),
    ("Montréal, Canada", "1", "514555", 4),
    ("New York, United States", "1", "212555", 4),
    ("Dakar, Senegal", "221", "77", 7),
    ("Nairobi, Kenya", "254", "7", 8),
    ("Bangalore, India", "91", "98", 8),
    ("Tokyo, Japan", "81", "80", 8),
]

TAGS = [
    "mentor", "conference-2026", "python", "hiring", "django", "product", "design", "investor",
    "speaker", "volunteer", "remote", "open-source", "data", "board", "podcast", "job-search",
    "reference", "founder", "paris", "alumni",
]  # fmt: skip

# Weights for the relationship a contact is, per tier: the inner circle is friends and mentors,
# the outer layers are mostly colleagues, peers and people met once.
RELATIONSHIP_WEIGHTS = {
    Tier.INNER_CIRCLE: {
        RelationshipType.FRIEND: 5, RelationshipType.MENTOR: 3, RelationshipType.FAMILY: 1,
        RelationshipType.FORMER_COLLEAGUE: 2, RelationshipType.SPONSOR: 1,
    },
    Tier.CLOSE: {
        RelationshipType.FRIEND: 3, RelationshipType.MENTOR: 2, RelationshipType.MENTEE: 2,
        RelationshipType.COLLEAGUE: 3, RelationshipType.FORMER_COLLEAGUE: 3,
        RelationshipType.MANAGER: 1, RelationshipType.SPONSOR: 1,
    },
    Tier.NETWORK: {
        RelationshipType.PEER: 5, RelationshipType.COLLEAGUE: 4,
        RelationshipType.FORMER_COLLEAGUE: 4, RelationshipType.CLIENT: 2,
        RelationshipType.PARTNER: 1, RelationshipType.REPORT: 1, RelationshipType.MENTEE: 1,
        RelationshipType.INVESTOR: 1,
    },
    Tier.ACQUAINTANCE: {
        RelationshipType.PEER: 5, RelationshipType.RECRUITER: 2, RelationshipType.CLIENT: 1,
        RelationshipType.OTHER: 2,
    },
}  # fmt: skip

EVENTS = [
    "PyCon FR", "DjangoCon Europe", "the Product Camp in Lyon", "VivaTech", "a Paris Python meetup",
    "the UX Days", "a Women in Tech Europe breakfast", "FOSDEM", "the Data Engineering Summit",
    "a Code for Good hackathon", "a friend's birthday party", "the alumni gala",
]  # fmt: skip

HOW_WE_MET = [
    "Met at {event} in {year}.",
    "Sat next to each other at {event} in {year}; talked for an hour about {topic}.",
    "Worked together at {organization}.",
    "Introduced over email about {topic}.",
    "Reached out on LinkedIn after my talk on {topic}.",
    "Volunteered together at {organization}.",
    "Same cohort at {organization}.",
]

TOPICS = [
    "hiring senior engineers", "remote teams", "search relevance", "design systems",
    "open-source funding", "career changes", "public speaking", "data privacy", "pricing",
    "mentoring juniors", "accessibility", "fundraising",
]  # fmt: skip

# Markdown fragments; a note is a few of them.
NOTE_OPENERS = [
    "Thinks deeply about **{topic}**; happy to trade notes.",
    "Great at **{topic}**. Ask before any big decision on it.",
    "Prefers email over phone. Replies within a day.",
    "Always brings up *{topic}*: a good opener.",
    "Helped me prepare my talk on {topic}.",
]
NOTE_DETAILS = [
    "- Kids: two, both at school in {city}\n- Loves trail running",
    "- Coffee: flat white, no sugar\n- Based in {city}",
    "- Speaks French, English and Spanish\n- Wants to move into management",
    "- Reading list: *The Manager's Path*, *Shape Up*\n- Asked for intros to founders",
    "- Runs a newsletter on {topic}\n- Open to giving a talk at our meetup",
]
NOTE_CLOSERS = [
    "Next time: ask how the move to {city} went.",
    "Follow up on [their article](https://blog.example/{slug}).",
    "Owes me a coffee; I owe them an intro.",
    "Send the slides from {event}.",
]

# The demo user's own memberships: (kind of organization to pick, role, title, years back).
MEMBERSHIPS = [
    (OrganizationKind.ASSOCIATION, MembershipRole.COMMITTEE, "Events chair", 4),
    (OrganizationKind.COMMUNITY, MembershipRole.FOUNDER, "Co-organizer", 6),
    (OrganizationKind.NONPROFIT, MembershipRole.VOLUNTEER, "Mentor on Saturdays", 2),
    (OrganizationKind.SCHOOL, MembershipRole.ALUMNUS, "", 12),
]
