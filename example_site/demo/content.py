"""The demo knowledge base: help-centre content for Mossbook, a fictional field-survey app.

Plain data, read by ``manage.py load_kb_demo``. Every text here was written for this demo.

References the loader resolves (content is written before the pages exist, so ids are unknown):

* ``href="page:SLUG"`` in rich text: a link to the KB page with that slug;
* ``href="doc:KEY"`` in rich text, and ``"doc:KEY"`` as a deck's ``document``: a document of
  ``DOCUMENTS``;
* ``"image:KEY"`` as an image block's ``image``: an image of ``IMAGES``.

A page is found by its slug under its parent, so renaming a slug here creates a new page.
"""

HOME = {
    "title": "Mossbook Help Centre",
    "slug": "help-centre",
    # heading and subtitle stay blank so the package's translatable defaults show.
}

SITE_NAME = "Mossbook Help Centre"

# The article used by the benchmarks: long (~1,500 words), 8 headings, every kind of block.
BENCHMARK_ARTICLE = "getting-started-guide"

SUPPORT_URL = "https://support.example.com/mossbook/contact"

NAVIGATION = [
    {"label": "Documentation", "page": "help-centre"},
    {"label": "Demos", "page": "demos-and-training"},
    {"label": "Support", "url": SUPPORT_URL},
]

RATING_WIDGET_NAME = "Default"

IMAGES = {
    "new-observation": {
        "title": "Mossbook: the New observation screen",
        "filename": "mossbook-new-observation.png",
        "screen": "observation",
    },
    "project-dashboard": {
        "title": "Mossbook: a project on the web dashboard",
        "filename": "mossbook-project-dashboard.png",
        "screen": "dashboard",
    },
    "offline-map-pack": {
        "title": "Mossbook: choosing an area for an offline map pack",
        "filename": "mossbook-offline-map-pack.png",
        "screen": "map",
    },
}

DOCUMENTS = {
    "field-training-pdf": {
        "title": "Mossbook field training: first day (slides)",
        "filename": "mossbook-field-training.pdf",
        "slides": [
            (
                "Mossbook field training",
                [
                    "Day one: from an empty project to clean data",
                    "",
                    "Mossbook Help Centre - demo slides",
                ],
            ),
            (
                "1. Before you leave the office",
                [
                    "Sign in on every device and open the project",
                    "Download the map pack for your survey area",
                    "Charge batteries; pack a power bank",
                    "Send a test observation and check it arrived",
                ],
            ),
            (
                "2. In the field",
                [
                    "One observation per thing you see",
                    "Wait for the accuracy ring to turn green",
                    "Take the photo from the same spot each visit",
                    "Use notes for what the form does not ask",
                ],
            ),
            (
                "3. Back at base",
                [
                    "Connect to Wi-Fi and let the sync counter reach zero",
                    "Review flagged observations on the dashboard",
                    "Export a CSV copy at the end of each week",
                ],
            ),
        ],
    },
}


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _ol(*items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


# ---------------------------------------------------------------------------------------------
# The benchmark article: Getting started with Mossbook
# ---------------------------------------------------------------------------------------------

GETTING_STARTED_BODY = [
    (
        "paragraph",
        _p(
            "Mossbook is a field notebook for people who collect observations outdoors: ecologists "
            "counting birds, inspectors walking a building site, volunteers mapping footpaths, "
            "students on their first field course. You design a form once, carry it on your phone "
            "or tablet, and every observation you record arrives in a shared project with its "
            "location, time, photos and notes. Nothing depends on a signal: Mossbook keeps working "
            "in a valley, a basement or a forest and catches up when it can.",
            "This guide takes you from a new account to a first week of clean data. It takes about "
            "twenty minutes to read and an hour to follow, most of which is spent outside. If you "
            "only need one step, jump to it from the table of contents.",
        ),
    ),
    ("heading", "Before you begin"),
    (
        "paragraph",
        _p(
            "You need three things: a Mossbook account, a phone or tablet for the field, and a "
            "computer with a web browser for planning and reviewing. The phone can be any "
            "reasonably recent iPhone, iPad or Android device with a GPS receiver; the "
            '<a href="page:install-the-app">installation article</a> lists the exact versions we '
            "support. The computer is optional at first, but designing forms and reading results "
            "is much more comfortable on a large screen.",
            "If your organisation already uses Mossbook, ask the person who manages it to invite "
            "you rather than creating your own account. An invitation puts you straight into the "
            "right workspace with the right permissions, and your observations will count towards "
            "your organisation's plan instead of a personal one.",
        ),
    ),
    (
        "callout",
        {
            "tone": "tip",
            "heading": "Plan the survey before the form",
            "text": _p(
                "Write down, in one sentence, the question your survey should answer. Every field "
                "you add to a form should help answer it. Forms built this way are shorter, faster "
                "to fill in and much easier to analyse later."
            ),
        },
    ),
    ("heading", "Create your account and workspace"),
    (
        "paragraph",
        _p(
            'Open <a href="https://app.example.com/signup">the Mossbook sign-up page</a> in a '
            "browser, enter your name and email address, and choose a password of at least "
            "twelve characters. We send a six-digit code to confirm the address; it is valid "
            "for thirty minutes. Once you are in, Mossbook asks you to name your "
            "<b>workspace</b>. A workspace is the home for your projects, your team and your "
            "billing: use the name of your organisation, your lab or your volunteer group.",
            "Every new workspace starts on the Free plan, which allows two projects, three members "
            "and unlimited observations. You can change plan at any time; see "
            '<a href="page:plans-and-billing">Change your plan or payment details</a>. Nothing '
            "you record is lost when you move between plans.",
        ),
    ),
    ("heading", "Install the app on your devices"),
    (
        "paragraph",
        _p(
            "Install Mossbook from the App Store or Google Play and sign in with the same email "
            "address. The first time you sign in, the app downloads your workspace's projects "
            "and forms so that you can work without a connection straight away. On Android, "
            "allow location access <i>while using the app</i> and, if you record tracks, <i>all "
            "the time</i>; on iOS choose <i>Precise location</i>, otherwise positions can be "
            "several kilometres out.",
        ),
    ),
    (
        "video",
        {
            "heading": "",
            "url": "https://www.youtube.com/watch?v=mB7kq2NoTe4",
            "caption": "A four-minute tour of the Mossbook app, from sign-in to the first sync.",
            "transcript": (
                "Hi, and welcome to Mossbook. In the next four minutes we'll go from a fresh "
                "install to your first synced observation.\n\nWhen you open the app for the "
                "first time, sign in with the email address you used on the web. Mossbook asks "
                "for location access: choose precise location, because that's what puts your "
                "observations in the right place.\n\nYour projects appear on the home screen. "
                "Tap one and you'll see the map, the list of observations and a big plus "
                "button. Tap plus, pick a form, and fill it in. The location is captured for "
                "you; the ring around the blue dot shows how accurate it is.\n\nAdd a photo, "
                "tap save, and look at the sync badge in the top corner. When it shows a tick, "
                "your observation is on the server and your team can see it. That's it: you're "
                "ready for the field."
            ),
        },
    ),
    ("heading", "Create your first project"),
    (
        "paragraph",
        _p(
            "A <b>project</b> groups the observations of one survey: a site, a season, a study. On "
            "the web dashboard choose <b>New project</b>, give it a name your team will recognise "
            'in a list of twenty ("Riverside meadow butterflies 2025" is better than '
            '"Survey 3"), and set the project\'s area by drawing a rough outline on the map. The '
            "area is used to suggest map downloads and to warn surveyors who record far outside "
            "it; it never prevents anyone from saving an observation.",
            "Then choose who can see the project. Projects are visible to the whole workspace "
            "by default; switch on <b>Restricted</b> to choose members one by one. Restricted "
            "projects suit work with sensitive locations, such as nesting sites of protected "
            'species. The <a href="page:create-your-first-project">project article</a> covers '
            "every project setting in detail.",
        ),
    ),
    (
        "image",
        {
            "image": "image:project-dashboard",
            "decorative": False,
            "alt_text": (
                "The Mossbook web dashboard showing a project called Riverside meadow, with a map "
                "of observation pins on the left and a list of recent observations on the right."
            ),
        },
    ),
    ("heading", "Design a form that is quick to fill in"),
    (
        "paragraph",
        _p(
            "Forms are where most of the time in the field goes, so a few minutes spent on them "
            "repays itself many times over. Open the project, choose <b>Forms</b>, then "
            "<b>New form</b>. Mossbook starts you with three fields every observation has anyway: "
            "location, time and observer. Add the fields your question needs from the list on the "
            "right: short text, number, single or multiple choice, date, photo, audio note, "
            "signature, and measured line or area.",
            "Put the fields in the order the surveyor meets them: what they see first comes first. "
            "Mark a field as required only when an observation is useless without it; every "
            "required field is one more reason for a tired surveyor to skip a record. Use choice "
            "fields instead of free text wherever the answers are known in advance, because "
            '"Common frog", "common frog" and "C. frog" are three different species to a '
            "spreadsheet.",
            "When the form is ready, choose <b>Publish</b>. Devices pick up the new version the "
            "next time they connect. You can keep editing a published form, but read <a "
            'href="page:design-survey-forms">Design a survey form</a> before you rename or '
            "remove a field that already holds data.",
        ),
    ),
    (
        "highlights",
        {
            "heading": "",
            "items": [
                _p("<b>Choice fields beat free text</b>: quicker to tap, cleaner data."),
                _p("<b>Few required fields</b>: require only what makes an observation useful."),
                _p("<b>Field order follows the walk</b>: ask first about what is seen first."),
            ],
        },
    ),
    ("heading", "Record observations in the field"),
    (
        "paragraph",
        _p(
            "In the app, open the project and tap the <b>+</b> button. Pick the form, and "
            "Mossbook starts locating you at once. The blue dot has a ring around it: the "
            "smaller the ring, the better the fix. Wait until the ring turns green, which "
            "usually takes a few seconds in the open and longer under trees or near buildings. "
            "If you need the position of something you cannot stand on, such as a nest on the "
            "far bank, drag the pin to it; Mossbook keeps both your own position and the "
            "adjusted one.",
            "Fill in the fields, add photos, and tap <b>Save</b>. The observation goes into the "
            "outbox straight away, whether or not you have a signal. You can edit it afterwards "
            "from the list; every change is kept in its history, so reviewers can always see what "
            "was recorded on the spot and what was corrected later.",
            "At the end of a session, glance at the sync badge in the top corner of the screen. A "
            "number means observations are still waiting to be sent; a tick means everything is "
            'on the server. <a href="page:work-offline">Work offline and sync later</a> explains '
            "what happens in between.",
        ),
    ),
    (
        "image",
        {
            "image": "image:new-observation",
            "decorative": False,
            "alt_text": (
                "The New observation screen of the Mossbook app: a map with a blue location dot "
                "and a green accuracy ring of 4 metres, above a form with Species, Count and Photo "
                "fields and a Save button."
            ),
        },
    ),
    (
        "callout",
        {
            "tone": "warning",
            "heading": "Don't sign out with observations in the outbox",
            "text": _p(
                "Signing out removes the projects from the device, including observations that "
                "have not been sent yet. Mossbook asks you to confirm when the outbox is not "
                "empty: if you see that question, connect to a network and wait for the sync "
                "badge to show a tick first."
            ),
        },
    ),
    ("heading", "Invite your team"),
    (
        "paragraph",
        _p(
            "Surveys are rarely a one-person job. On the dashboard open <b>Workspace</b>, then "
            "<b>Members</b>, and choose <b>Invite</b>. Enter one or more email addresses and a "
            "role for each person. <b>Surveyors</b> record and edit their own observations; "
            "<b>Editors</b> also review everyone's data and manage forms; <b>Owners</b> manage "
            "members and billing as well. <b>Viewers</b> can read projects and export data but "
            "cannot change anything, which suits clients and supervisors.",
            "Invitations are valid for fourteen days. People who already have a Mossbook account "
            "join with one click; others are asked to create one first. The full list of what "
            'each role can do is in <a href="page:invite-your-team">Invite people and choose their '
            "roles</a>.",
        ),
    ),
    (
        "deck",
        {
            "heading": "",
            "url": "",
            "document": "doc:field-training-pdf",
            "caption": (
                "The slides we use on the first day of field training. Print them, share them or "
                "adapt them for your own team."
            ),
        },
    ),
    ("heading", "Review and export your data"),
    (
        "paragraph",
        _p(
            "Back at the office, open the project on the dashboard. The map shows every "
            "observation; the table beside it can be sorted and filtered by any field, by observer "
            "and by date. Select an observation to see its photos, its history and its position "
            "on the map. Editors can flag doubtful records for a second look and mark them as "
            "checked once resolved, so that the team always knows which data has been reviewed.",
            "When you need the data elsewhere, choose <b>Export</b>. Mossbook produces CSV files "
            "for spreadsheets and statistics software, GeoJSON and KML for GIS tools, and a PDF "
            "report with a map and one page per observation for people who prefer paper. Exports "
            "include photos as links, or as files in a ZIP archive if you ask for them. See "
            '<a href="page:export-your-data">Export observations</a> for what each format '
            "contains. We recommend exporting a CSV copy at the end of every week of fieldwork.",
        ),
    ),
    (
        "takeaways",
        {
            "heading": "",
            "items": [
                _p("Ask to be invited if your organisation already uses Mossbook."),
                _p("Keep forms short: choice fields, few required fields, in walking order."),
                _p("Wait for the green accuracy ring before you save an observation."),
                _p("Let the sync badge show a tick before you sign out or hand over a device."),
            ],
        },
    ),
]


# ---------------------------------------------------------------------------------------------
# The tree: topics (with their articles and sub-topics), in the order readers see them.
# ---------------------------------------------------------------------------------------------

TOPICS = [
    {
        "title": "Getting started",
        "slug": "getting-started",
        "intro": "New to Mossbook? Create your account, install the app and record your first "
        "observation.",
        "articles": [
            {
                "title": "Getting started with Mossbook",
                "slug": BENCHMARK_ARTICLE,
                "intro": "Everything you need for your first week: account, app, project, form, "
                "fieldwork, team and exports, step by step.",
                "body": GETTING_STARTED_BODY,
            },
            {
                "title": "Install Mossbook on phones, tablets and computers",
                "slug": "install-the-app",
                "intro": "Which devices Mossbook runs on, where to get it, and the permissions "
                "it asks for.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Mossbook has two parts: the <b>app</b>, which you carry in the field, "
                            "and the <b>dashboard</b>, which you open in a web browser to plan "
                            "surveys and review results. Both use the same account.",
                        )
                        + "<h3>iPhone and iPad</h3>"
                        + _p(
                            "Mossbook needs iOS or iPadOS 16 or later. Search for "
                            "<i>Mossbook</i> in the App Store, or open <a "
                            'href="https://apps.example.com/mossbook/ios">our App Store '
                            "page</a> on the device. When asked, allow location access and "
                            "choose <b>Precise location</b>.",
                        )
                        + "<h3>Android</h3>"
                        + _p(
                            "Mossbook needs Android 10 or later and a device with a GPS receiver "
                            "(almost every phone has one; some tablets do not). Install it from "
                            "Google Play. If your organisation manages its devices, your IT team "
                            "can also push the app through its device-management system.",
                        )
                        + "<h3>The web dashboard</h3>"
                        + _p(
                            "The dashboard works in current versions of Firefox, Chrome, Edge and "
                            "Safari. There is nothing to install: sign in at "
                            '<a href="https://app.example.com/">app.example.com</a>.',
                        ),
                    ),
                    ("heading", "Permissions the app asks for"),
                    (
                        "paragraph",
                        _ul(
                            "<b>Location</b>: to place observations on the map. Needed.",
                            "<b>Camera and photos</b>: to attach pictures to observations. Only "
                            "when a form has a photo field.",
                            "<b>Microphone</b>: for audio notes. Only when a form has an audio "
                            "field.",
                            "<b>Notifications</b>: to tell you when a sync fails or a form "
                            "changes. Optional.",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "tone": "note",
                            "heading": "Location in the background",
                            "text": _p(
                                "Mossbook only uses your location in the background while you are "
                                "recording a track, and shows a notification the whole time it "
                                "does. If you never record tracks, <i>While using the app</i> is "
                                "enough."
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Create your first project",
                "slug": "create-your-first-project",
                "intro": "Set up a project with a clear name, an area and the right people.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Projects hold the observations of one survey. Create them on the "
                            "web dashboard; they appear on every team member's device at the "
                            "next sync.",
                        ),
                    ),
                    ("heading", "Create the project"),
                    (
                        "paragraph",
                        _ol(
                            "On the dashboard, choose <b>Projects</b> and then <b>New project</b>.",
                            "Enter a name and, optionally, a description shown to surveyors.",
                            "Draw the project's area on the map: click to add corners, "
                            "double-click to finish.",
                            "Pick the forms surveyors can use, or create one later.",
                            "Choose <b>Create</b>.",
                        ),
                    ),
                    (
                        "image",
                        {
                            "image": "image:project-dashboard",
                            "decorative": False,
                            "alt_text": (
                                "A new project open on the Mossbook dashboard, with its area drawn "
                                "as an outline on the map and a list of observations beside it."
                            ),
                        },
                    ),
                    ("heading", "Project settings worth knowing"),
                    (
                        "paragraph",
                        _ul(
                            "<b>Restricted</b>: only the members you choose can see the project.",
                            "<b>Blur locations for viewers</b>: viewers see positions rounded to "
                            "1 km, useful for sensitive species.",
                            "<b>Review required</b>: new observations stay flagged until an editor "
                            "checks them.",
                            "<b>Archive</b>: hides a finished project from devices but keeps "
                            "all of its data on the dashboard.",
                        ),
                    ),
                    (
                        "takeaways",
                        {
                            "heading": "In short",
                            "items": [
                                _p("One project per survey, named so that others recognise it."),
                                _p("The project area guides surveyors; it never blocks a save."),
                                _p("Restrict projects with sensitive locations."),
                                _p("Archive finished projects instead of deleting them."),
                            ],
                        },
                    ),
                ],
            },
        ],
    },
    {
        "title": "Collecting data in the field",
        "slug": "field-work",
        "intro": "Forms, offline work, locations and maps: how to get good data from the field.",
        "articles": [
            {
                "title": "Design a survey form",
                "slug": "design-survey-forms",
                "intro": "Choose the right field types, keep forms short, and change a form "
                "safely once data has been collected.",
                "body": [
                    ("heading", "Field types"),
                    (
                        "paragraph",
                        _p(
                            "Each field of a form has a type. Pick the narrowest type that fits "
                            "the answer:",
                        )
                        + _ul(
                            "<b>Single choice</b> and <b>multiple choice</b> for known answers: "
                            "species lists, condition scores, yes or no.",
                            "<b>Number</b> for counts and measurements, with an optional unit and "
                            "range (a count of -3 is refused on the spot).",
                            "<b>Short text</b> for names and identifiers, <b>notes</b> for "
                            "anything longer.",
                            "<b>Photo</b>, <b>audio note</b> and <b>signature</b> for evidence.",
                            "<b>Line</b> and <b>area</b> for things you walk along or around: a "
                            "hedge, a flooded patch.",
                        )
                        + "<h3>Conditional fields</h3>"
                        + _p(
                            "A field can appear only when an earlier answer calls for it. For "
                            "example, show <i>Nest height</i> only when <i>Nest found</i> is "
                            "<i>Yes</i>. Surveyors then see only the questions that apply.",
                        ),
                    ),
                    (
                        "highlights",
                        {
                            "heading": "What makes a good field form",
                            "items": [
                                _p("It fits on two screens for a typical observation."),
                                _p("Every required field is truly needed."),
                                _p("Answers are chosen, not typed, wherever possible."),
                            ],
                        },
                    ),
                    ("heading", "Change a form after data has been collected"),
                    (
                        "paragraph",
                        _p(
                            "Adding a field is always safe: existing observations show it as "
                            "empty. Changing the label of a field or a choice is safe too, "
                            "because Mossbook stores answers by an internal key, not by their "
                            "text.",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "tone": "warning",
                            "heading": "Removing a field hides its data",
                            "text": _p(
                                "When you remove a field, its answers disappear from the dashboard "
                                "and from new exports. They are kept for 90 days, during which you "
                                "can restore the field from the form's <b>History</b>. To stop "
                                "asking a question without hiding past answers, mark the field as "
                                "<b>Retired</b> instead."
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Work offline and sync later",
                "slug": "work-offline",
                "intro": "How Mossbook keeps working without a signal, and how to make sure "
                "everything reaches the server.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Mossbook is built to work without a connection. Everything you "
                            "need in the field (projects, forms, recent observations and "
                            "downloaded maps) is stored on the device. New observations wait in "
                            "the <b>outbox</b> until the device can reach our servers, then go "
                            "up in the order they were made.",
                        ),
                    ),
                    ("heading", "What works offline"),
                    (
                        "paragraph",
                        _ul(
                            "Recording, editing and deleting your observations.",
                            "Taking photos and audio notes.",
                            "Viewing the map, if you have downloaded a "
                            '<a href="page:offline-basemaps">map pack</a> for the area.',
                            "Viewing observations made by others before you lost the connection.",
                        )
                        + _p(
                            "What needs a connection: signing in for the first time, receiving new "
                            "forms, and seeing what your team has recorded since your last sync.",
                        ),
                    ),
                    ("heading", "Reading the sync badge"),
                    (
                        "paragraph",
                        _p(
                            "The badge in the top corner of the app tells you where things stand. "
                            "A <b>number</b> is the count of observations in the outbox. A "
                            "<b>tick</b> means the outbox is empty. A <b>red exclamation mark</b> "
                            "means an upload failed; tap it to see why and to retry.",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "tone": "warning",
                            "heading": "Large photos on mobile data",
                            "text": _p(
                                "By default photos are uploaded only on Wi-Fi, while the "
                                "observations themselves go up on any connection. Change this in "
                                "<b>Settings</b> &gt; <b>Sync</b> if you need photos on the "
                                "dashboard the same day."
                            ),
                        },
                    ),
                    (
                        "takeaways",
                        {
                            "heading": "",
                            "items": [
                                _p("Open each project once with a connection before going out."),
                                _p("Download map packs for areas without a signal."),
                                _p("Check the sync badge at the end of every session."),
                                _p("Never sign out while the outbox holds observations."),
                            ],
                        },
                    ),
                ],
            },
        ],
        "subtopics": [
            {
                "title": "GPS and maps",
                "slug": "gps-and-maps",
                "intro": "Get accurate positions and keep the map on screen without a signal.",
                "articles": [
                    {
                        "title": "Improve GPS accuracy",
                        "slug": "improve-gps-accuracy",
                        "intro": "Why positions drift, and what you can do about it on any device.",
                        "body": [
                            (
                                "paragraph",
                                _p(
                                    "A phone works out its position from satellite signals. The "
                                    "accuracy ring around the blue dot shows how far off the "
                                    "position may be: 3 to 5 metres in open country is typical, "
                                    "15 metres or more under dense trees or between tall "
                                    "buildings.",
                                )
                                + "<h3>Quick fixes</h3>"
                                + _ol(
                                    "Wait ten seconds after opening the form: the first fix is "
                                    "rarely the best.",
                                    "Hold the phone flat and away from your body.",
                                    "Step out from under trees or away from walls, record, then "
                                    "drag the pin to the exact spot if needed.",
                                    "Turn on <b>Settings</b> &gt; <b>Location</b> &gt; "
                                    "<b>Average position</b> to average several fixes.",
                                )
                                + "<h3>External receivers</h3>"
                                + _p(
                                    "For sub-metre work, pair a Bluetooth GNSS receiver with the "
                                    "device and choose it in <b>Settings</b> &gt; <b>Location</b> "
                                    "&gt; <b>Source</b>. Mossbook then records the receiver's "
                                    "position and reported accuracy instead of the phone's.",
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "tone": "tip",
                                    "heading": "Set a minimum accuracy",
                                    "text": _p(
                                        "Editors can set a minimum accuracy per form, for example "
                                        "10 metres. The app then waits for a good enough fix "
                                        "before it lets the surveyor save, or asks them to confirm."
                                    ),
                                },
                            ),
                            (
                                "highlights",
                                {
                                    "heading": "Good to know",
                                    "items": [
                                        _p("Mossbook stores the accuracy with every position."),
                                        _p("Dragged pins keep the original fix in the history."),
                                        _p("A phone's compass does not affect its GPS position."),
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "title": "Download maps for offline use",
                        "slug": "offline-basemaps",
                        "intro": "Keep the map on screen where there is no signal by "
                        "downloading a map pack before you go.",
                        "body": [
                            (
                                "paragraph",
                                _p(
                                    "Observations are located by GPS, which works without a "
                                    "connection, but the map under them is downloaded from the "
                                    "internet. A <b>map pack</b> stores the map of an area on the "
                                    "device so that you still see where you are.",
                                ),
                            ),
                            ("heading", "Download a map pack"),
                            (
                                "paragraph",
                                _ol(
                                    "In the app, open the project and tap <b>Maps</b>.",
                                    "Tap <b>Download area</b>. The project's area is selected; "
                                    "move or resize the frame to change it.",
                                    "Choose the map style (streets, topographic or satellite) and "
                                    "the level of detail.",
                                    "Tap <b>Download</b>. Keep the app open until the pack is "
                                    "complete.",
                                ),
                            ),
                            (
                                "image",
                                {
                                    "image": "image:offline-map-pack",
                                    "decorative": False,
                                    "alt_text": (
                                        "The Download area screen: a frame drawn over a "
                                        "topographic map, with the estimated size of 48 MB and a "
                                        "Download button."
                                    ),
                                },
                            ),
                            (
                                "callout",
                                {
                                    "tone": "warning",
                                    "heading": "Check the size first",
                                    "text": _p(
                                        "Satellite maps at the highest detail can take several "
                                        "gigabytes. The app shows an estimate before you start: "
                                        "download large packs on Wi-Fi and make sure the device "
                                        "has room for them."
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    {
        "title": "Teams and sharing",
        "slug": "teams-and-sharing",
        "intro": "Work together on projects and get your data out of Mossbook.",
        "articles": [
            {
                "title": "Invite people and choose their roles",
                "slug": "invite-your-team",
                "intro": "Add members to your workspace and give each the access they need, no "
                "more.",
                "body": [
                    ("heading", "Send invitations"),
                    (
                        "paragraph",
                        _p(
                            "On the dashboard open <b>Workspace</b> &gt; <b>Members</b> and choose "
                            "<b>Invite</b>. Paste one address per line, pick a role and send. "
                            "Invitations expire after fourteen days; you can resend them from the "
                            "same page.",
                        ),
                    ),
                    ("heading", "Roles"),
                    (
                        "paragraph",
                        _ul(
                            "<b>Viewer</b>: reads projects and exports data. Cannot record.",
                            "<b>Surveyor</b>: records observations and edits their own.",
                            "<b>Editor</b>: everything a surveyor can do, plus reviewing all "
                            "observations and managing forms and projects.",
                            "<b>Owner</b>: everything, including members, billing and deleting the "
                            "workspace. Every workspace has at least one owner.",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "tone": "note",
                            "heading": "Project-level access",
                            "text": _p(
                                "Roles apply across the workspace. To keep a project from some "
                                "members, mark it <b>Restricted</b> and choose who can see it; see "
                                '<a href="page:create-your-first-project">Create your first '
                                "project</a>."
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Export observations",
                "slug": "export-your-data",
                "intro": "Get your data as CSV, GeoJSON, KML or a PDF report, with or without "
                "photos.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Open a project on the dashboard, filter the table if you want only "
                            "some observations, and choose <b>Export</b>. Large exports are "
                            "prepared in the background; we email you a link when they are ready.",
                        )
                        + "<h3>CSV</h3>"
                        + _p(
                            "One row per observation and one column per field, plus latitude, "
                            "longitude, accuracy, observer and times. Multiple-choice answers are "
                            "separated by semicolons. Opens in any spreadsheet.",
                        )
                        + "<h3>GeoJSON and KML</h3>"
                        + _p(
                            "For GIS software. Points, lines and areas keep their geometry; every "
                            "field becomes a property. Coordinates are WGS 84.",
                        )
                        + "<h3>PDF report</h3>"
                        + _p(
                            "A map of the project followed by one page per observation with its "
                            "photos. Good for clients and for the site file.",
                        ),
                    ),
                    (
                        "highlights",
                        {
                            "heading": "Tips for exports",
                            "items": [
                                _p("Filters on the table apply to the export."),
                                _p("Ask for <b>photos as files</b> to get a ZIP archive."),
                                _p("Viewers can export too: no need to make them editors."),
                            ],
                        },
                    ),
                ],
            },
        ],
    },
    {
        "title": "Account and billing",
        "slug": "account-and-billing",
        "intro": "Plans, invoices, and what happens to your data when you leave.",
        "articles": [
            {
                "title": "Change your plan or payment details",
                "slug": "plans-and-billing",
                "intro": "Move between the Free, Team and Organisation plans, and keep your "
                "invoices in order.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Only workspace owners can see billing. Open <b>Workspace</b> &gt; "
                            "<b>Billing</b> on the dashboard.",
                        )
                        + _ul(
                            "<b>Free</b>: two projects, three members, unlimited observations.",
                            "<b>Team</b>: unlimited projects, up to 25 members, PDF reports and "
                            "review workflows.",
                            "<b>Organisation</b>: everything in Team, single sign-on, audit log "
                            "and a named contact for support.",
                        )
                        + _p(
                            "Upgrades take effect immediately and are charged pro rata. Downgrades "
                            "take effect at the end of the billing period. Invoices are emailed to "
                            "the billing address and are also listed on the same page.",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "tone": "note",
                            "heading": "Over the limits of a smaller plan?",
                            "text": _p(
                                "If you move to a plan with fewer projects or members than you "
                                "have, nothing is deleted: the extra projects become read-only "
                                "until you archive some or upgrade again."
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Close your account and delete your data",
                "slug": "delete-your-account",
                "intro": "What closing an account removes, what it keeps, and how long it takes.",
                "body": [
                    (
                        "callout",
                        {
                            "tone": "warning",
                            "heading": "This cannot be undone",
                            "text": _p(
                                "Closing a workspace deletes every project, observation, photo and "
                                "form in it after a 30-day grace period. "
                                '<a href="page:export-your-data">Export your data</a> first.'
                            ),
                        },
                    ),
                    ("heading", "Close a workspace"),
                    (
                        "paragraph",
                        _ol(
                            "Export anything you want to keep.",
                            "Open <b>Workspace</b> &gt; <b>Settings</b> and choose "
                            "<b>Close workspace</b>.",
                            "Type the workspace's name to confirm.",
                        )
                        + _p(
                            "Members lose access at once. For 30 days an owner can reopen the "
                            "workspace from the link in the confirmation email; after that the "
                            "data is deleted from our servers, and from our backups within a "
                            "further 35 days.",
                        ),
                    ),
                    ("heading", "Leave a workspace without closing it"),
                    (
                        "paragraph",
                        _p(
                            "If you only want to stop being a member, choose <b>Leave "
                            "workspace</b> in your profile. Your observations stay in the "
                            "projects, credited to you, because they belong to the survey. To "
                            "delete your personal account entirely, contact <a "
                            'href="https://support.example.com/mossbook/contact">support</a>.',
                        ),
                    ),
                ],
            },
        ],
    },
    {
        "title": "Demos and training",
        "slug": "demos-and-training",
        "intro": "Recorded walkthroughs, slides for training your team, and sample projects to "
        "explore.",
        "articles": [
            {
                "title": "Field team training: recording and slides",
                "slug": "training-webinar",
                "intro": "Our monthly training session for new surveyors, with the recording, "
                "the slides and a summary.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Every month we run a one-hour training session for people who are new "
                            "to fieldwork with Mossbook. Here is the latest recording with its "
                            "transcript, and the slides in two versions: the live deck and the "
                            "talk we gave at a conference about working offline.",
                        ),
                    ),
                    (
                        "video",
                        {
                            "heading": "Watch the recording",
                            "url": "https://vimeo.com/857301264",
                            "caption": "Training for new surveyors, 52 minutes, with questions "
                            "from the audience.",
                            "transcript": (
                                "Good morning everyone, and thanks for joining. Today is for "
                                "people who will be out in the field with Mossbook in the next "
                                "few weeks.\n\n"
                                "We'll cover three things: getting your device ready before you "
                                "leave, recording observations that your team can trust, and "
                                "making sure everything is synced when you get back.\n\n"
                                "First, preparation. Open each project while you still have a "
                                "connection, download the map pack for your area, and send one "
                                "test observation. If it shows up on the dashboard, you're "
                                "ready.\n\n"
                                "In the field, wait for the green ring before saving, and use "
                                "the notes field for anything unusual. Photos from the same spot "
                                "on every visit make changes easy to see.\n\n"
                                "Back at base, connect to Wi-Fi and watch the sync badge go to a "
                                "tick. Then we'll take your questions."
                            ),
                        },
                    ),
                    (
                        "deck",
                        {
                            "heading": "Training slides",
                            "url": "https://docs.google.com/presentation/d/"
                            "1mOsSb00kTr41n1nGDeckDem0XyZ/edit",
                            "document": "doc:field-training-pdf",
                            "caption": "The live deck on Google Slides; the PDF is the same deck "
                            "for printing.",
                        },
                    ),
                    (
                        "deck",
                        {
                            "heading": "Conference talk: offline-first field surveys",
                            "url": "https://speakerdeck.com/mossbook/offline-first-field-surveys",
                            "document": None,
                            "caption": "Our talk on designing software that expects no signal.",
                        },
                    ),
                    (
                        "takeaways",
                        {
                            "heading": "Key points from the session",
                            "items": [
                                _p("Prepare devices with a connection, the day before."),
                                _p("Trust the accuracy ring, not the dot."),
                                _p("Notes are for what the form does not ask."),
                                _p("The day ends when the sync badge shows a tick."),
                            ],
                        },
                    ),
                ],
            },
            {
                "title": "Explore the sample projects",
                "slug": "sample-projects",
                "intro": "Three ready-made projects to try Mossbook before planning your own "
                "survey.",
                "body": [
                    (
                        "paragraph",
                        _p(
                            "Every new workspace can add sample projects from <b>Projects</b> &gt; "
                            "<b>Samples</b>. They come with forms and a few hundred made-up "
                            "observations, so you can try filters, reviews and exports straight "
                            "away.",
                        )
                        + _ul(
                            "<b>Pond survey</b>: amphibian counts with water-quality readings and "
                            "conditional fields.",
                            "<b>Footpath condition</b>: lines and photos along a network of paths, "
                            "scored for repair.",
                            "<b>Street trees</b>: one observation per tree with species, height "
                            "and health, ready to export as GeoJSON.",
                        )
                        + _p(
                            "Sample projects do not count towards your plan's limits. Delete them "
                            "whenever you like. Ready for your own? Follow "
                            '<a href="page:getting-started-guide">Getting started with '
                            "Mossbook</a>.",
                        ),
                    ),
                ],
            },
        ],
    },
]

# Tags on the demo articles (by slug): shown under each article, linking to the KB's tag pages,
# and what "Related articles" goes by.
ARTICLE_TAGS = {
    BENCHMARK_ARTICLE: ["first steps", "mobile app"],
    "install-the-app": ["first steps", "mobile app"],
    "create-your-first-project": ["first steps", "projects"],
    "design-survey-forms": ["forms", "projects"],
    "work-offline": ["mobile app", "offline", "sync"],
    "improve-gps-accuracy": ["gps", "maps"],
    "offline-basemaps": ["maps", "offline"],
    "invite-your-team": ["permissions", "teams"],
    "export-your-data": ["data export", "projects"],
    "plans-and-billing": ["billing"],
    "delete-your-account": ["billing", "privacy"],
    "training-webinar": ["training", "video"],
    "sample-projects": ["projects", "training"],
}
