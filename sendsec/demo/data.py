"""The demo board's contents, from the seed documents: the organisations and people of West
Northamptonshire's SEND Improvement Board, the notice's areas, the Priority Action Plan's
actions, the risks, the measures with the published EHC figures, and the words the demo's
updates, impact entries and minutes are made of (`sendsec.demo.world` builds the board from them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SEED = 20240614
BOARD_NAME = "West Northamptonshire SEND and AP Partnership Improvement Board"
MAX_SCALE = 50

#: The gaps the demo leaves on purpose, by the rule of `check` that finds each.
PLANTED = {
    "action-owner": "AI10.3",
    "action-target": "AI9.3",
    "action-after-target-date": "AI8.2",
    "risk-review": "R09",
    "statutory-invitees": "the meeting after next (NHS England adviser not invited)",
    "minutes-approval": "the third-last board meeting held",
    "timetable-overdue": "the next meeting's request for updates",
}

# --------------------------------------------------------------------------- the seeds

ORGANISATIONS = (
    ("West Northamptonshire Council", "WNC", "council"),
    ("NHS Northamptonshire Integrated Care Board", "ICB", "health"),
    ("Northamptonshire Children's Trust", "NCT", "children's trust"),
    ("Northamptonshire Healthcare NHS Foundation Trust", "NHFT", "health"),
    ("Harlestone Park Primary School", "Harlestone Park", "school"),
    ("Kislingbury Vale Academy", "Kislingbury Vale", "school"),
    ("Spencer Fields Special School", "Spencer Fields", "school"),
    ("West Northants Voices in Partnership", "WNVIP", "parent carer forum"),
    ("Department for Education", "DfE", "government"),
    ("NHS England", "NHSE", "health"),
    ("Healthwatch Northamptonshire", "Healthwatch", "other"),
)

# key, name, job title, organisation short name, board role, email, phone. The people are
# invented, so their addresses are at reserved '.example' domains (RFC 2606): a draft from
# the demo sent by mistake reaches nobody; the phone numbers are Ofcom's drama numbers.
PEOPLE = (
    ("chair", "Dr Margaret Ellison", "Independent Chair", None, "independent chair",
     "margaret.ellison@ellison-associates.example", "07700 900412"),
    ("ceo_wnc", "Andrew Pearce", "Chief Executive", "WNC", "member",
     "andrew.pearce@westnorthants.example", None),
    ("ceo_icb", "Dr Sunita Rao", "Chief Executive and ICB Accountable Officer", "ICB", "member",
     "sunita.rao@nhs.example", None),
    ("ceo_nct", "Colin Whitaker", "Chief Executive", "NCT", "member",
     "colin.whitaker@nctrust.example", None),
    ("dcs", "Rachel Okafor", "Executive Director of Children's Services "
     "(Children Services Accountable Officer)", "WNC", "member",
     "rachel.okafor@westnorthants.example", None),
    ("cno", "Joanne Fletcher", "Chief Nursing Officer", "ICB", "member",
     "joanne.fletcher@nhs.example", None),
    ("nhft", "Dr Tom Havers", "Director of Children's and Specialty Services", "NHFT", "member",
     "tom.havers@nhft.example", None),
    ("ad_send", "Priya Mistry", "Assistant Director, Education and SEND", "WNC", "member",
     "priya.mistry@westnorthants.example", None),
    ("dco", "Dr Amina Yusuf", "Designated Clinical Officer for SEND", "ICB", "member",
     "amina.yusuf@nhs.example", None),
    ("nct_ops", "Mark Sutton", "Director of Operations", "NCT", "member",
     "mark.sutton@nctrust.example", None),
    ("head_primary", "Karen Ashby", "Headteacher", "Harlestone Park", "member",
     "head@harlestonepark.example", None),
    ("head_secondary", "Daniel Kemp", "Principal", "Kislingbury Vale", "member",
     "d.kemp@kislingburyvale.example", None),
    ("head_special", "Helen Brightwell", "Headteacher", "Spencer Fields", "member",
     "h.brightwell@spencerfields.example", None),
    ("cllr_cabinet", "Councillor Gillian Wareing",
     "Cabinet Member for Children, Families, Education and Skills", "WNC", "elected member",
     "gillian.wareing@westnorthants.example", None),
    ("cllr_scrutiny", "Councillor Robert Hale", "Chair, People Overview and Scrutiny Committee",
     "WNC", "elected member", "robert.hale@westnorthants.example", None),
    ("dfe_adviser", "Stephen Ridley", "SEND Adviser", "DfE", "DfE adviser",
     "stephen.ridley@education.example", None),
    ("nhse_adviser", "Dr Claire Moffat", "SEND Adviser, NHS England", "NHSE",
     "NHS England adviser", "claire.moffat1@nhs.example", None),
    ("dfe_case_lead", "Oliver Grant", "Case Lead, SEND and AP Intervention", "DfE",
     "DfE case lead", "oliver.grant@education.example", None),
    ("head_assessment", "Lucy Barnard", "Head of SEND Assessment and Review", "WNC",
     "officer in attendance", "lucy.barnard@westnorthants.example", None),
    ("performance", "Ian Cheung", "Head of Performance and Insight", "WNC",
     "officer in attendance", "ian.cheung@westnorthants.example", None),
    ("commissioning", "Sarah Lomax", "Head of Joint Commissioning (Children)", "ICB",
     "officer in attendance", "sarah.lomax@nhs.example", None),
    ("pep", "Emma Tranter", "Principal Educational Psychologist", "WNC",
     "officer in attendance", "emma.tranter@westnorthants.example", None),
    ("ap_lead", "Nadia Hussain", "Strategic Lead for Alternative Provision", "WNC",
     "officer in attendance", "nadia.hussain@westnorthants.example", None),
    ("salt", "George Pritchard", "Head of Children's Speech and Language Therapy", "NHFT",
     "officer in attendance", "george.pritchard@nhft.example", None),
    ("pfa", "Beth Morgan", "Preparing for Adulthood Lead", "WNC", "officer in attendance",
     "beth.morgan@westnorthants.example", None),
    ("secretary", "Jane Whitfield", "SEND Improvement Board Secretary", "WNC", "secretary",
     "jane.whitfield@westnorthants.example", "01604 837412"),
    ("observer", "Patrick Doyle", "Chief Executive", "Healthwatch", "observer",
     "patrick.doyle@healthwatchnorthamptonshire.example", None),
    ("pcf", "Lisa Adeyemi", "Co-chair", "WNVIP", "parent carer forum representative",
     "lisa.adeyemi@wnvip.example", None),
)

# The notice, paragraph 3: (code, kind, wording, lead)
PRIORITY, IMPROVEMENT = "area for priority action", "area for improvement"
AREAS = (
    ("a", PRIORITY, "ensure that there is a partnership commissioning agreement in place based "
     "on a thorough joint strategic needs assessment", "commissioning"),
    ("b", PRIORITY, "urgently to address the length of time families have to wait for EHC needs "
     "assessments. Leaders should ensure that plans are completed in a timely manner so that "
     "children and young people start to receive the support they need at the earliest "
     "opportunity", "head_assessment"),
    ("c", PRIORITY, "ensure that when they are issued, EHC plans are accurate and contain key "
     "information from all partners. They must check that children and young people's needs "
     "have been fully identified in these plans to enable appropriate provision to be put in "
     "place based on accurate assessments of needs. Area leaders need to assure themselves that "
     "contributions from all partners at annual reviews ensure that EHC plans remain accurate "
     "and reflect children and young people's current needs", "ad_send"),
    ("d", PRIORITY, "address the current waiting times for speech and language therapy, mental "
     "health services and neurodevelopmental assessment. Children and young people's needs "
     "should be identified at the earliest opportunity for plans to be developed to support "
     "them. Health leaders must ensure that there is sufficient support for families across all "
     "services while they wait for an assessment or support", "cno"),
    ("e", PRIORITY, "improve the joint approach to speech, communication and language needs. "
     "They should work swiftly to embed the recommendations from phase one of the improvement "
     "model so that children and young people with SEND benefit from this approach", "salt"),
    ("f", IMPROVEMENT, "accelerate their plans to improve transitions and support more effective "
     "preparation for adulthood. They need to ensure that all settings understand the statutory "
     "guidance on preparation for adulthood set out in the SEND code of practice. There needs to "
     "be more timely and effective communication so that transitions to different settings and "
     "services are managed in a way that reduces the stress and anxiety for families", "pfa"),
    ("g", IMPROVEMENT, "develop a partnership approach to working with mainstream schools to "
     "ensure that rates of suspensions and exclusion decrease for children and young people "
     "with SEND", "ad_send"),
    ("h", IMPROVEMENT, "provide clarity on exactly how Alternative Provision (AP) will be used as "
     "part of the partnership's SEND and AP strategy. This will then enable strategic "
     "commissioning of AP to ensure that these placements adequately meet the needs of children "
     "and young people with SEND", "ap_lead"),
    ("i", IMPROVEMENT, "continue their work with mainstream schools and partner agencies so that "
     "the 'SEND ranges' are used to ensure that all children and young people with SEND benefit "
     "from a consistently applied graduated response", "pep"),
    ("j", IMPROVEMENT, "ensure that improvements made to services will be fully effective in "
     "addressing area-wide issues and contribute towards key priorities in the partnership's "
     "SEND and AP strategy", "dcs"),
)


def area_title(wording: str) -> str:
    """Return an area's title: the notice's first sentence, with a capital letter."""
    first = wording.split(". ")[0].rstrip(".")
    return first[:1].upper() + first[1:]


@dataclass(frozen=True)
class _A:
    """One Priority Action Plan action as the seed table gives it."""

    area: str
    title: str
    owner: str | None
    orgs: str
    measure: str | None
    target: str | None
    baseline: str
    profile: str  # complete | on track | recovering | slipped | slow | overdue | late start
    measure_code: str | None = None


ACTIONS = (
    _A("a", "Complete a SEND joint strategic needs assessment (JSNA) chapter with data from "
       "every partner", "commissioning", "WNC, ICB, NCT, NHFT",
       "SEND JSNA chapter published and signed off by the Health and Wellbeing Board",
       "Published and signed off; refreshed annually", "No SEND JSNA; each partner holds its "
       "own data", "complete"),
    _A("a", "Agree a partnership joint commissioning agreement (section 75) based on the JSNA",
       "cno", "ICB, WNC, NCT", "Joint commissioning agreement signed by the Council, the ICB "
       "and the Children's Trust", "Agreement signed and its first joint commissioning plan "
       "approved by the board", "Separate commissioning by each partner", "slipped"),
    _A("a", "Set up a joint SEND data group and a partnership dashboard shared by all partners",
       "performance", "WNC, ICB, NCT, NHFT", "Partnership dashboard reported to every board "
       "meeting", "Dashboard with at least 20 agreed measures reported at every meeting",
       "No shared dataset", "complete"),
    _A("a", "Jointly commission an all-age neurodevelopmental pathway from the JSNA findings",
       "cno", "ICB, NHFT, WNC", "Pathway commissioned with agreed capacity and waiting time "
       "standard", "New pathway live, with 18-week referral to assessment standard",
       "Three separate pathways by age and provider", "on track"),
    _A("b", "Recruit to the SEND assessment team establishment funded by the £1.35 million "
       "investment", "ad_send", "WNC", "Casework officer vacancies", "Vacancies reduced from "
       "11 to 2 or fewer and held there for two quarters", "11 casework officer vacancies",
       "complete"),
    _A("b", "Clear the backlog of overdue EHC needs assessments with the commissioned "
       "educational psychology team", "pep", "WNC", "Assessments open for more than 20 weeks",
       "No assessment open for more than 20 weeks without an agreed exception",
       "312 assessments open for more than 20 weeks", "slow"),
    _A("b", "Improve the timeliness of health and social care advice for EHC needs "
       "assessments", "dco", "ICB, NHFT, NCT", "Health advice returned within 6 weeks (%)",
       "90% of health advice returned within 6 weeks", "41% within 6 weeks", "recovering",
       "M09"),
    _A("b", "Track every open assessment weekly, escalating at week 12 to the partner "
       "responsible", "head_assessment", "WNC, ICB, NCT",
       "EHC plans issued within 20 weeks (%)", "60% of new EHC plans issued within 20 weeks "
       "(statistical neighbour average)", "9% within 20 weeks", "on track", "M01"),
    _A("c", "Introduce a multi-agency quality assurance framework with a monthly audit of new "
       "EHC plans", "ad_send", "WNC, ICB, NCT, schools", "Audited plans judged good or better "
       "(%)", "80% of audited plans good or better", "34% good or better in the first audit",
       "on track"),
    _A("c", "Train caseworkers and partner staff to write outcomes-focused EHC plans",
       "head_assessment", "WNC, NHFT, NCT, schools", "Staff trained",
       "All caseworkers and 150 partner staff trained", "No shared training offer", "complete"),
    _A("c", "Make sure every partner contributes to annual reviews", "nct_ops",
       "NCT, ICB, NHFT, schools", "Annual reviews with education, health and care "
       "contributions (%)", "85% of annual reviews", "52% of annual reviews", "recovering"),
    _A("c", "Clear the backlog of overdue annual reviews", "head_assessment", "WNC, schools",
       "Annual reviews completed within timescale (%)", "75% within timescale",
       "38% within timescale", "slipped", "M07"),
    _A("d", "Increase speech and language therapy capacity with the additional staffing agreed "
       "by the partnership", "salt", "NHFT, ICB", "Average wait for speech and language "
       "therapy (weeks)", "18 weeks or less", "52 weeks", "on track", "M04"),
    _A("d", "Refocus specialist pathways in child and adolescent mental health community "
       "services to increase access", "nhft", "NHFT, ICB", "Children waiting more than 18 "
       "weeks for a first CAMHS appointment", "Fewer than 100", "420 children", "overdue"),
    _A("d", "Transform early years and primary neurodevelopmental assessment pathways after the "
       "Community Paediatric Review", "cno", "ICB, NHFT", "Children waiting more than 52 weeks "
       "for a neurodevelopmental assessment", "None waiting more than 52 weeks",
       "1,140 children", "slow", "M05"),
    _A("d", "Offer support to every family while they wait for an assessment (waiting well)",
       "dco", "ICB, NHFT, WNVIP", "Families on a waiting list offered support (%)",
       "95% offered support within 4 weeks of referral", "No consistent offer", "on track"),
    _A("e", "Embed the recommendations from phase one of the speech, language and "
       "communication improvement model", "salt", "NHFT, WNC, schools",
       "Phase one recommendations implemented", "All 14 recommendations implemented",
       "0 of 14", "recovering"),
    _A("e", "Train early years settings and schools in early identification of speech, "
       "language and communication needs", "pep", "WNC, NHFT, schools", "Settings with a "
       "trained SLCN champion (%)", "90% of early years settings and schools",
       "12% of settings", "on track"),
    _A("e", "Agree a jointly commissioned delivery model for phase two of the SLCN programme",
       "commissioning", "ICB, WNC", "Phase two delivery model", "Commissioned and mobilised",
       "Phase one only", "late start"),
    _A("e", "Co-produce clear SLCN information for families on the Local Offer", "pcf",
       "WNVIP, NHFT, WNC", "Families finding the SLCN information helpful (%)",
       "75% in the parent carer survey", "Not measured", "complete"),
    _A("f", "Publish a preparation for adulthood pathway and guidance for all settings", "pfa",
       "WNC, NCT, ICB, schools", "Pathway and guidance published and briefed to settings",
       "Published; briefed to all secondary, special and post-16 settings",
       "No pathway", "complete"),
    _A("f", "Make sure every EHC plan review from Year 9 includes preparation for adulthood "
       "outcomes", "head_assessment", "WNC, schools", "Year 9+ reviews with PfA outcomes (%)",
       "90% of Year 9 and later reviews", "46% in the baseline audit", "on track"),
    _A("f", "Agree transition protocols between children's and adult health and social care",
       "nct_ops", "NCT, WNC, ICB, NHFT", "Young people with a transition plan by 17½ (%)",
       "90% of eligible young people", "Not recorded", "late start"),
    _A("g", "Set up a partnership inclusion panel with mainstream schools", "ad_send",
       "WNC, schools", "Suspensions of pupils with an EHC plan (%)",
       "Rate reduced to the national average", "Rate 1.8 times the national average",
       "recovering", "M06"),
    _A("g", "Report suspensions and exclusions of pupils with SEND monthly, by school",
       "performance", "WNC, schools", "Monthly school-level report", "Report shared with every "
       "school monthly", "Termly, area-level only", "complete"),
    _A("g", "Provide outreach from special schools to mainstream schools", "head_special",
       "schools, WNC", "Mainstream schools receiving outreach", "60 schools a year",
       "Ad hoc outreach only", "on track"),
    _A("h", "Set out how Alternative Provision is used within the SEND and AP strategy",
       "ap_lead", "WNC, schools", "AP section of the strategy agreed by the board",
       "Agreed and published", "Not defined", "complete"),
    _A("h", "Commission Alternative Provision strategically, with a quality framework",
       "ap_lead", "WNC, schools", "AP placements with a quality-assured provider (%)",
       "100% of placements", "58% of placements", "slipped"),
    _A("h", "Monitor the outcomes of children with SEND in AP placements", "performance",
       "WNC, schools", "AP placements reviewed each term (%)", "95% reviewed each term",
       "Not monitored", "on track"),
    _A("i", "Relaunch the SEND ranges with training for every SENCO", "pep", "WNC, schools",
       "SENCOs trained in the SEND ranges (%)", "90% of SENCOs", "Not measured", "complete"),
    _A("i", "Audit the consistent use of the graduated response in schools", "head_primary",
       "schools, WNC", "Schools audited", "All schools audited once in the year",
       "No audit", "on track"),
    _A("i", "Align top-up funding with the SEND ranges", "ad_send", "WNC, schools",
       None, None, "Top-up funding not linked to the ranges", "slow"),
    _A("j", "Refresh the SEND and AP strategy delivery plan so that it carries the Priority "
       "Action Plan", "dcs", "WNC, ICB, NCT, NHFT, WNVIP", "Delivery plan agreed by all "
       "partners", "Agreed by the board and each partner's governance", "Strategy without a "
       "delivery plan", "complete"),
    _A("j", "Agree a co-production charter with West Northants Voices in Partnership", "pcf",
       "WNVIP, WNC, ICB, NCT", "Partners signed up to the charter", "All partners signed; "
       "charter reviewed by families annually", "No charter", "on track"),
    _A("j", "Keep families informed of improvement progress with a communications plan", None,
       "WNC, ICB, NCT, WNVIP", "Families aware of the improvement plan (%)",
       "60% in the parent carer survey", "18% aware", "recovering"),
)

RISKS = (
    ("Educational psychologist capacity falls short of demand for EHC needs assessments",
     "Cause: a national shortage of educational psychologists. Event: advice for assessments is "
     "late. Consequence: plans miss 20 weeks and families wait longer for support.",
     "b", "pep", "Workforce", (5, 5), (2, 3), "PA2.1, PA2.2"),
    ("Requests for EHC needs assessment keep rising faster than capacity",
     "Cause: requests up 40 per cent since April 2021. Event: demand outstrips the funded "
     "establishment. Consequence: backlogs return.", "b", "ad_send", "Demand", (4, 4), (3, 3),
     "PA2.1, PA2.4"),
    ("The high needs block deficit limits investment in the plan",
     "Cause: rising numbers of EHC plans and specialist placements. Event: in-year overspend. "
     "Consequence: actions are delayed or descoped.", "j", "dcs", "Financial", (4, 5), (3, 4),
     "AI10.1"),
    ("Health waiting times for speech and language therapy and neurodevelopmental assessment "
     "do not fall", "Cause: workforce gaps and rising referrals. Event: waits stay above a "
     "year. Consequence: needs go unidentified and unmet.", "d", "cno", "Service delivery",
     (5, 4), (2, 4), "PA4.1, PA4.3"),
    ("Partners do not contribute to EHC plans and annual reviews on time",
     "Cause: unclear expectations and capacity. Event: advice missing at review. Consequence: "
     "plans are inaccurate.", "c", "nct_ops", "Partnership", (4, 4), (2, 3), "PA3.3"),
    ("The joint commissioning agreement is not signed by all partners",
     "Cause: differing governance timetables. Event: agreement delayed. Consequence: no joint "
     "commissioning of the pathways families need.", "a", "cno", "Governance", (3, 4), (1, 3),
     "PA1.2"),
    ("Families lose confidence in the partnership",
     "Cause: long waits and poor communication. Event: complaints and tribunal appeals rise. "
     "Consequence: co-production breaks down.", "j", "pcf", "Reputation", (4, 4), (2, 3),
     "AI10.2, AI10.3"),
    ("Suspensions of pupils with SEND do not decrease",
     "Cause: schools lack support for the graduated response. Event: suspension rates stay "
     "high. Consequence: lost learning and more specialist placements.", "g", "ad_send",
     "Outcomes", (4, 3), (2, 3), "AI7.1, AI7.3"),
    ("Alternative Provision places are not quality assured",
     "Cause: spot purchasing of AP. Event: placements without oversight. Consequence: "
     "children's needs are not met and safeguarding risk.", "h", "ap_lead", "Safeguarding",
     (3, 5), (1, 4), "AI8.1, AI8.2"),
    ("Data from partners is incomplete or late for the dashboard",
     "Cause: separate systems. Event: measures reported late or estimated. Consequence: the "
     "board cannot evidence impact (notice 5d).", "a", "performance", "Information", (4, 3),
     (1, 3), "PA1.3"),
    ("The DfE is not satisfied with progress at a stocktake review",
     "Cause: slow progress on priority areas. Event: the Secretary of State uses powers under "
     "s497A Education Act 1996. Consequence: further intervention.", "j", "ceo_wnc",
     "Regulatory", (3, 5), (2, 4), "PA2.2, PA4.3"),
    ("Transitions to adult services are not planned early enough",
     "Cause: no shared protocol. Event: young people reach 18 without a plan. Consequence: "
     "gaps in support and distress for families.", "f", "pfa", "Service delivery", (4, 3),
     (2, 2), "AI6.1, AI6.3"),
)

#: The controls in place for each risk above, in the same order (each risk has its own).
RISK_CONTROLS = (
    "Agency educational psychologists for four posts; a weekly tracker of advice due; the "
    "trainee scheme with the university.",
    "Weekly triage of new requests by the SEND panel; demand forecast reviewed each quarter.",
    "Monthly high needs budget monitoring by the s151 officer; the deficit management plan "
    "agreed with the DfE.",
    "Waiting list validation by NHFT each month; extra therapy sessions commissioned by the ICB.",
    "Partners' advice deadlines in the SEND protocol; a monthly report of late advice to the "
    "partnership group.",
    "The agreement's draft shared with every partner's board; the ICB and council leads meet "
    "fortnightly.",
    "The parent carer forum attends every board; a monthly newsletter and a 'you said, we did' "
    "log.",
    "Inclusion advisers visit the schools with the highest suspension rates each term.",
    "An approved list of AP providers with termly quality assurance visits.",
    "A data sharing agreement with each partner; the dashboard's figures checked by the "
    "performance team before each board.",
    "Six-weekly meetings with the DfE adviser; the stocktake evidence reviewed by the chair.",
    "The preparing for adulthood protocol in draft; Year 9 reviews sampled each term.",
)

# code, title, unit, higher is better (1), lower (0) or neither (None: a count of demand,
# as seed 002 4.4 reads the rise in requests: more plans needed, not a worse service), area,
# frequency, data source, target
MEASURES = (
    ("M01", "EHC plans issued within 20 weeks (%)", "%", 1, "b", "monthly",
     "WNC SEND case management system (including exceptions)", 60.0),
    ("M02", "Requests for EHC needs assessment received", "count", None, "b", "monthly",
     "WNC SEND case management system", None),
    ("M03", "EHC needs assessments completed", "count", 1, "b", "monthly",
     "WNC SEND case management system", 90.0),
    ("M04", "Average wait for speech and language therapy (weeks)", "weeks", 0, "d", "monthly",
     "NHFT patient administration system", 18.0),
    ("M05", "Children waiting more than 52 weeks for a neurodevelopmental assessment", "count",
     0, "d", "monthly", "ICB waiting list return", 0.0),
    ("M06", "Pupils with an EHC plan receiving one or more suspensions (%)", "%", 0, "g",
     "termly", "School census and WNC inclusion team", 8.0),
    ("M07", "Annual reviews completed within timescale (%)", "%", 1, "c", "monthly",
     "WNC SEND case management system", 75.0),
    ("M08", "Parent carers reporting a positive experience of the EHC process (%)", "%", 1, "j",
     "termly", "West Northants Voices in Partnership survey", 60.0),
    ("M09", "Health advice returned within 6 weeks (%)", "%", 1, "b", "monthly",
     "ICB designated clinical officer return", 90.0),
)

#: The seeds' EHC figures (seed 002, 4.1-4.2): month offset from the notice -> value.
EHC_SEED_PERCENT = {-38: 20.0, -37: 22.0, -36: 25.0, -35: 21.0, -33: 60.0, -32: 20.0, -31: 9.0}
EHC_SEED_COMPLETED = {-38: 20.0, -37: 21.0, -35: 60.0, -34: 45.0, -33: 42.0, -31: 32.0}
EHC_SEED_REQUESTS = {-31: 94.0}
#: The seed figures run to November 2021 (offset -31): they are stored at their real months.
SEED_LAST, SEED_LAST_MONTH = -31, dt.date(2021, 11, 1)
#: The demo's own (invented) monthly series start this many months before the notice, after
#: the seed figures' real months for any demo dated from 2025.
OWN_FROM = -24
SEED_FIGURES = {"M01": EHC_SEED_PERCENT, "M02": EHC_SEED_REQUESTS, "M03": EHC_SEED_COMPLETED}

VENUES = (
    ("One Angel Square, Angel Street, Northampton NN1 1ED (Committee Room 2)",
     "Microsoft Teams: meeting ID 381 224 907 615, passcode Qx7Hb2"),
    ("The Forum, Moat Lane, Towcester NN12 6AD (Council Chamber)",
     "Microsoft Teams: meeting ID 381 224 907 615, passcode Qx7Hb2"),
)

DEEP_DIVES = (
    ("Deep dive: timeliness of EHC needs assessments", "head_assessment", "b"),
    ("Deep dive: speech, language and communication needs", "salt", "e"),
    ("Deep dive: neurodevelopmental pathway and waiting well", "cno", "d"),
    ("Deep dive: quality of EHC plans and annual reviews", "ad_send", "c"),
    ("Deep dive: preparation for adulthood", "pfa", "f"),
    ("Deep dive: inclusion, suspensions and Alternative Provision", "ap_lead", "h"),
    ("Families' experience: report from West Northants Voices in Partnership", "pcf", "j"),
    ("Joint strategic needs assessment and commissioning", "commissioning", "a"),
)

NARRATIVE = {
    "green": (
        "On track. The milestones for this cycle were met and the next steps are resourced.",
        "Good progress this cycle; the working group met as planned and agreed the next phase.",
        "Delivery is on schedule. Partners have confirmed their contributions for the next "
        "quarter.",
        "On track: the latest data shows improvement in line with the trajectory.",
    ),
    "amber": (
        "Some slippage this cycle because of staff vacancies; a recovery plan is in place.",
        "Progress slower than planned; partner contributions are late and have been escalated.",
        "At risk: the milestone moved while a dependency on another action is resolved.",
        "Delivery is behind plan; additional capacity has been requested from partners.",
    ),
    "red": (
        "Off track. Recruitment has not filled the posts needed and the board's help is asked.",
        "Off track: demand has risen faster than capacity and the trajectory is not being met.",
        "Off track; the funding decision is still awaited and delivery has stopped meanwhile.",
    ),
    "blue": (
        "Complete. The action has been delivered and evidence of impact is in the pack.",
        "Complete: signed off by the accountable owner; impact is being monitored.",
    ),
}
EVIDENCE = ("Partnership dashboard", "Minutes of the working group", "Audit report",
            "Training records", "Waiting list data", "Parent carer survey results",
            "Project highlight report")

#: The action and impact log, in the order the held board meetings record them (three a
#: meeting, oldest first): each entry is its own, so no paper repeats one.
#: Who an area's work is done by, as the impact log credits it (short names of ORGANISATIONS;
#: 'schools' for the area's mainstream schools together).
AREA_PARTNERS = {
    "a": "WNC, ICB", "b": "WNC, NCT, ICB", "c": "WNC, ICB, NHFT, NCT", "d": "ICB, NHFT",
    "e": "ICB, NHFT, WNC", "f": "WNC, NCT, WNVIP", "g": "WNC, schools",
    "h": "WNC, Kislingbury Vale", "i": "WNC, schools, Harlestone Park", "j": "WNC, ICB, WNVIP",
}

IMPACT_ITEMS = (
    # the first cycles: where things stand, and the first changes families notice
    ("slow progress", "EHC needs assessments still take far longer than 20 weeks",
     "Only one plan in five is issued within 20 weeks; the backlog is being counted case by "
     "case.", "Monthly EHC timeliness data", "b", "M01"),
    ("family and young people's voice", "Parent carers describe the assessment process as "
     "hard to follow", "At the first listening event families said they did not know who was "
     "handling their child's assessment.", "West Northants Voices in Partnership listening "
     "event", "j", "M08"),
    ("escalation", "Educational psychology capacity escalated to the chief executives",
     "The board asked the chief executives to fund agency educational psychologists while "
     "recruitment continues.", "Board minutes", "b", None),
    ("contribution to strengthen", "Health advice for assessments is still late from some "
     "services", "Plans are delayed where health advice arrives after six weeks; the ICB has "
     "agreed escalation with each provider.", "Designated clinical officer report", "b", "M09"),
    ("family and young people's voice", "Young people asked for one guide to moving on from "
     "school", "The youth forum said the information on preparing for adulthood was spread "
     "across too many websites.", "Youth forum feedback", "f", None),
    ("slow progress", "Neurodevelopmental waits remain long",
     "Families are still waiting more than a year for an assessment; the waiting well offer "
     "has been extended while capacity grows.", "ICB waiting list return", "d", "M05"),
    ("impact on lived experience", "Every family waiting for an assessment now has a named "
     "contact", "Families receive a letter naming their case officer and the expected date of "
     "the plan.", "SEND assessment team records", "b", "M08"),
    ("contribution to strengthen", "Social care advice missing from a third of annual reviews",
     "The audit of annual reviews found social care advice absent where children are known to "
     "the service.", "Annual review audit", "c", "M07"),
    ("impact on lived experience", "Waiting well support reaches families on the "
     "neurodevelopmental pathway", "Families waiting for assessment are offered workshops and "
     "a helpline while they wait.", "ICB waiting well offer report", "d", "M05"),
    ("impact on lived experience", "Families are receiving EHC plans sooner",
     "More plans are issued within 20 weeks, so children start to receive support earlier.",
     "Monthly EHC timeliness data", "b", "M01"),
    ("family and young people's voice", "Parent carers describe clearer communication about "
     "assessments", "Families say they know where their child's assessment is and who to "
     "contact.", "West Northants Voices in Partnership survey and listening event", "j", "M08"),
    ("escalation", "Annual review backlog escalated to the chief executives",
     "The board asked the chief executives to agree extra capacity for annual reviews.",
     "Board minutes", "c", "M07"),
    ("impact on lived experience", "Shorter waits for speech and language therapy",
     "The average wait has fallen, and children are seen before starting school.",
     "NHFT waiting list data", "d", "M04"),
    ("family and young people's voice", "Young people shaped the preparation for adulthood "
     "guide", "Young people from the youth forum co-wrote the guide and tested it with their "
     "peers.", "Youth forum feedback", "f", None),
    ("slow progress", "Inclusion panel not yet used by every secondary school",
     "Seven secondary schools have not yet referred to the inclusion panel, and suspensions "
     "there are unchanged.", "Inclusion team termly report", "g", "M06"),
    ("impact on lived experience", "Health advice now arrives within six weeks for most "
     "assessments", "Providers return most advice on time, so fewer plans wait for health "
     "contributions.", "ICB designated clinical officer return", "b", "M09"),
    ("impact on lived experience", "Fewer suspensions for pupils with EHC plans",
     "Schools using the inclusion panel report fewer suspensions for pupils with SEND.",
     "Inclusion team termly report", "g", "M06"),
    ("contribution to strengthen", "Alternative provision placements lack review dates",
     "Spot-purchased placements were found without a date to review whether they meet the "
     "child's needs.", "AP quality assurance visits", "h", None),
    # the latest cycles
    ("impact on lived experience", "Annual reviews completed on time for more children",
     "More annual reviews finish within timescale, so plans reflect children's current needs.",
     "Monthly annual review data", "c", "M07"),
    ("family and young people's voice", "Families say plans now describe their child",
     "In the latest survey more parent carers said the plan reflects their child's needs and "
     "views.", "West Northants Voices in Partnership survey", "j", "M08"),
    ("impact on lived experience", "Schools apply the SEND ranges consistently",
     "Moderation shows schools matching support to the ranges, so top-up requests are more "
     "consistent.", "SEND ranges moderation report", "i", None),
    ("impact on lived experience", "Every alternative provision placement has a review date",
     "Each placement is now reviewed termly against the child's plan.",
     "AP quality assurance visits", "h", None),
    ("family and young people's voice", "Young people use the preparation for adulthood guide",
     "Young people and colleges report using the guide when planning moves to post-16 "
     "settings.", "Youth forum feedback", "f", None),
    ("contribution to strengthen", "Speech and language therapy waits rise again in the north "
     "of the county", "Vacancies in one team have lengthened waits; NHFT is moving capacity "
     "between localities.", "NHFT waiting list data", "e", "M04"),
)

ARISING = (
    ("Bring a recovery plan for the actions slow to progress to the next meeting", "dcs"),
    ("Report the educational psychology recruitment position, with the agency cover in place",
     "pep"),
    ("Confirm each partner's named lead for contributions to annual reviews", "nct_ops"),
    ("Circulate the waiting well offer to members and the parent carer forum", "dco"),
    ("Bring the revised neurodevelopmental pathway timeline to the next meeting", "cno"),
    ("Share the parent carer survey results with all partners", "pcf"),
    ("Agree the escalation route for late health advice with each provider", "dco"),
)
