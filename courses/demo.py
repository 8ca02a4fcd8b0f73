"""Demo content for Tips & Tricks: working groups, published modules with quizzes, one draft.

The modules are data below; ``load_demo_modules`` feeds them through the same operations an
author and a reviewer would use, so the demo exercises the real editorial workflow.
"""

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from elearning.accounts.models import User
from elearning.extensions import db

from .attempts import start_attempt, submit_attempt, submit_evaluation
from .models import Audience, QuestionKind, WorkingGroup
from .operations import (
    OptionInput,
    add_question,
    create_module,
    create_working_group,
    publish,
    submit_for_review,
)

CT = "CT"
PAEDIATRIC = "Paediatric Imaging"
INTERVENTIONAL = "Interventional Radiology"
WORKING_GROUPS = (CT, PAEDIATRIC, INTERVENTIONAL)

# References used by several modules, cited the same way everywhere.
DIRECTIVE_2013_59 = (
    "Council Directive 2013/59/Euratom of 5 December 2013 laying down basic safety standards for "
    "protection against the dangers arising from exposure to ionising radiation. Official Journal "
    "of the European Union L 13, 17.1.2014, p. 1–73."
)
ICRP_102 = (
    "ICRP. Managing patient dose in multi-detector computed tomography (MDCT). "
    "ICRP Publication 102. Ann ICRP. 2007;37(1)."
)
ICRP_121 = (
    "ICRP. Radiological protection in paediatric diagnostic and interventional radiology. "
    "ICRP Publication 121. Ann ICRP. 2013;42(2)."
)
ICRP_139 = (
    "ICRP. Occupational radiological protection in interventional procedures. "
    "ICRP Publication 139. Ann ICRP. 2018;47(2)."
)
NCRP_168 = (
    "NCRP. Radiation dose management for fluoroscopically-guided interventional medical "
    "procedures. NCRP Report No. 168. Bethesda, MD: NCRP, 2010."
)
BIR_SHIELDING = (
    "British Institute of Radiology. Guidance on using shielding on patients for diagnostic "
    "radiology applications. London: BIR, 2020."
)


@dataclass(frozen=True)
class DemoQuestion:
    """A quiz question, added to the module's first revision."""

    kind: QuestionKind
    text: str
    options: list[OptionInput]
    explanation: str


@dataclass(frozen=True)
class DemoModule:
    """A module's content and quiz; published unless it is the demo draft."""

    group: str
    title: str
    summary: str
    body: str
    objectives: list[str]
    estimated_minutes: int
    credits: Decimal
    authors: str
    references: list[str]
    questions: list[DemoQuestion] = field(default_factory=list)
    edition: int = 1
    audience: Audience = Audience.PROFESSIONALS
    pass_mark: int = 75
    max_attempts: int = 3
    published: bool = True


def _markdown(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


def _right(text: str) -> OptionInput:
    return OptionInput(text, True)


def _wrong(text: str) -> OptionInput:
    return OptionInput(text, False)


def _single(text: str, options: list[OptionInput], explanation: str) -> DemoQuestion:
    return DemoQuestion(QuestionKind.SINGLE, text, options, explanation)


def _multiple(text: str, options: list[OptionInput], explanation: str) -> DemoQuestion:
    return DemoQuestion(QuestionKind.MULTIPLE, text, options, explanation)


def _true_false(text: str, answer: bool, explanation: str) -> DemoQuestion:
    options = [OptionInput("True", answer), OptionInput("False", not answer)]
    return DemoQuestion(QuestionKind.TRUE_FALSE, text, options, explanation)


# CT --------------------------------------------------------------------------------------

ATCM = DemoModule(
    group=CT,
    title="Automatic tube current modulation and patient centring in CT",
    edition=2,
    summary=(
        "How automatic tube current modulation uses the localiser to set the tube current, "
        "and why centring the patient in the gantry matters for both dose and image quality."
    ),
    body=_markdown(
        """
        ## Why this matters

        Automatic tube current modulation (ATCM) is one of the most effective dose-management
        tools on a modern CT scanner, but it can only be as good as the information it receives.
        The scanner estimates the patient's attenuation from the localiser radiograph (scout,
        topogram or surview) and then sets the tube current to reach a chosen image quality.

        ## How ATCM works

        ### Along the patient (z-axis)

        The current rises through dense regions such as the shoulders and pelvis and falls
        through the air-filled lungs, following the attenuation profile of the localiser.

        ### Around the patient (angular)

        Within each rotation the current is lowered when the beam passes through the narrower
        diameter, usually anteroposterior, and raised for the wider lateral projections.

        ### The image quality target

        Each manufacturer expresses the target differently, and the settings behave differently:

        | Manufacturer | Target setting | Higher value means |
        | --- | --- | --- |
        | GE | Noise index | More noise accepted, lower dose |
        | Siemens | Quality reference mAs | Higher dose |
        | Philips | DoseRight index | Higher dose |
        | Canon | Standard deviation (SD) | More noise accepted, lower dose |

        ## Centring: the hidden dose factor

        The localiser is a projection taken with a diverging beam, so the patient's apparent
        size depends on their height in the gantry. A patient lying closer to the X-ray tube
        during the localiser looks larger than they are and receives a higher current than
        needed. A patient lying further from the tube looks smaller, and the images are noisier
        than planned. Off-centre positioning also misaligns the bowtie filter, which is shaped
        for a patient at the isocentre, so surface dose and noise both increase. Audits have
        repeatedly found patients positioned below the isocentre, often because the table was
        not raised far enough.

        ## Practical checklist

        - Align the mid-coronal plane with the lateral laser at isocentre height.
        - Acquire the localiser over the whole planned scan range.
        - Raise the arms out of the field for chest and abdominal scans where possible.
        - Do not change the table height after the localiser has been acquired.
        - Remove external metal before the localiser; it raises the current.
        - Check that the displayed CTDIvol is plausible for the patient's size before scanning.

        ### What changed in this edition

        This edition adds the manufacturers' terminology for the image quality target and an
        updated checklist.
        """
    ),
    objectives=[
        "Explain how the localiser drives longitudinal and angular tube current modulation.",
        "Describe how vertical off-centring changes dose and image noise.",
        "Interpret the image quality target setting used on your own scanner.",
    ],
    estimated_minutes=25,
    credits=Decimal("1.0"),
    authors="A. Jensen, M. Rossi",
    references=[
        ICRP_102,
        "Li J, Udayasankar UK, Toth TL, et al. Automatic patient centering for MDCT: effect on "
        "radiation dose. AJR Am J Roentgenol. 2007;188(2):547–552.",
    ],
    questions=[
        _single(
            "A patient lies well below the isocentre and the localiser is acquired with the X-ray "
            "tube above the table. What is the most likely effect on the selected tube current?",
            [
                _right(
                    "The patient appears smaller than they are, so the current is set lower "
                    "than intended and the images are noisier"
                ),
                _wrong(
                    "The patient appears larger than they are, so the current is set higher "
                    "than intended"
                ),
                _wrong("None: ATCM uses only the patient's weight entered at registration"),
                _wrong("The scanner switches automatically to a fixed tube current"),
            ],
            "Further from the tube, the patient is magnified less on the localiser, so ATCM "
            "underestimates their size and lowers the current.",
        ),
        _true_false(
            "On every CT scanner, increasing the value of the image quality setting lowers the "
            "patient dose.",
            False,
            "It depends on the manufacturer: a higher noise index or SD accepts more noise and "
            "lowers dose, whereas a higher quality reference mAs or DoseRight index raises it.",
        ),
        _multiple(
            "Which practices help ATCM to work as intended?",
            [
                _right("Acquiring the localiser over the whole planned scan range"),
                _right("Centring the patient at the isocentre before the localiser"),
                _wrong("Raising the table after the localiser to make the patient comfortable"),
                _right("Moving the arms out of the field for an abdominal scan"),
            ],
            "ATCM relies on a localiser that covers the scan range and shows the patient at the "
            "height at which they will be scanned; changing table height afterwards invalidates "
            "the size estimate.",
        ),
        _single(
            "Why does vertical off-centring raise surface dose even when the tube current is "
            "unchanged?",
            [
                _right(
                    "The bowtie filter no longer matches the patient, so part of the surface "
                    "receives a less filtered beam"
                ),
                _wrong("The scan length increases automatically"),
                _wrong("The scanner changes to a higher tube potential"),
                _wrong("The detector collects fewer scattered photons"),
            ],
            "The bowtie filter is shaped for a patient centred at the isocentre; off-centre, "
            "its thin central part no longer lines up with the thickest part of the patient.",
        ),
        _true_false(
            "ATCM can change the tube current both along the patient and around the patient "
            "during each rotation.",
            True,
            "Longitudinal (z-axis) and angular modulation are usually combined.",
        ),
    ],
)

DOSE_INDICES = DemoModule(
    group=CT,
    title="CT dose indices: what CTDIvol and DLP tell you, and what they don't",
    summary=(
        "A practical guide to the two numbers on every CT dose report, how they are measured "
        "and why neither is the dose to the patient on the table."
    ),
    body=_markdown(
        """
        ## Two numbers on every dose report

        - **CTDIvol** (mGy) describes the average dose within the scanned volume of a standard
          phantom for the chosen settings.
        - **DLP** (mGy·cm) is CTDIvol multiplied by the irradiated length, so it reflects the
          total output for the whole scan.

        ### How CTDIvol is measured

        A 100 mm pencil ionisation chamber is placed in the centre and at the periphery of a
        PMMA cylinder: 16 cm in diameter for head protocols and 32 cm for body protocols. The
        weighted CTDI combines one third of the central value with two thirds of the peripheral
        value. For helical scans, CTDIvol is the weighted CTDI divided by the pitch.

        ## What the indices do not tell you

        - **They are not patient dose.** The same output deposits more dose in a slim patient
          than in a large one, because less tissue surrounds the centre of the body.
        - **The phantom matters.** Some scanners report paediatric body protocols against the
          32 cm phantom, others against the 16 cm phantom. For the same output, the value for
          the 32 cm phantom is roughly half the value for the 16 cm phantom.
        - **They do not describe an individual's risk.** Risk depends on age, sex and which
          organs were irradiated.

        ## Size-specific dose estimate

        The size-specific dose estimate (SSDE) corrects a 32 cm CTDIvol for the patient's
        effective or water-equivalent diameter. For small children the correction factor can
        exceed two. SSDE is still an estimate of the average dose in the scanned region, not an
        organ dose.

        ## Effective dose from DLP

        Multiplying DLP by a region-specific coefficient gives a rough effective dose for adults:

        | Region | Coefficient, mSv per mGy·cm |
        | --- | --- |
        | Head | 0.0021 |
        | Chest | 0.014 |
        | Abdomen and pelvis | 0.015 |

        Effective dose is meant for comparing techniques and populations, not for stating the
        risk to one patient.

        ## Using the numbers well

        1. Read CTDIvol on the console before you scan and ask whether it suits the patient.
        2. Remember that a longer scan range raises DLP, not CTDIvol.
        3. Add the DLP of every phase: multiphase protocols multiply the total.
        """
    ),
    objectives=[
        "Define CTDIvol and DLP and state their units.",
        "Explain why CTDIvol is not the patient's absorbed dose.",
        "Estimate adult effective dose from DLP and state its limitations.",
    ],
    estimated_minutes=20,
    credits=Decimal("0.5"),
    authors="K. Nowak, L. Fischer",
    references=[
        "AAPM. The measurement, reporting, and management of radiation dose in CT. "
        "AAPM Report No. 96. College Park, MD: AAPM, 2008.",
        "AAPM. Size-specific dose estimates (SSDE) in pediatric and adult body CT examinations. "
        "AAPM Report No. 204. College Park, MD: AAPM, 2011.",
        "McCollough CH, Leng S, Yu L, et al. CT dose index and patient dose: they are not the "
        "same thing. Radiology. 2011;259(2):311–316.",
    ],
    questions=[
        _single(
            "A helical scan has a weighted CTDI of 12 mGy and a pitch of 1.5. What is CTDIvol?",
            [_wrong("18 mGy"), _wrong("12 mGy"), _right("8 mGy"), _wrong("6 mGy")],
            "CTDIvol equals the weighted CTDI divided by the pitch: 12 / 1.5 = 8 mGy.",
        ),
        _true_false(
            "Extending the scan range by 10 cm with otherwise identical settings increases "
            "CTDIvol.",
            False,
            "CTDIvol is independent of scan length; the DLP increases.",
        ),
        _multiple(
            "Which statements about CTDIvol are correct?",
            [
                _right("It is measured in a 16 cm or 32 cm PMMA phantom"),
                _right("It describes scanner output for the chosen settings"),
                _wrong("It already accounts for the patient's size"),
                _wrong("It is expressed in millisieverts"),
            ],
            "CTDIvol is a phantom-based index in mGy; it does not adjust for the patient, which is "
            "what SSDE attempts to do.",
        ),
        _single(
            "For the same displayed CTDIvol (32 cm phantom), which patient receives the highest "
            "average absorbed dose in the scanned region?",
            [
                _right("A slim eight-year-old child"),
                _wrong("An average-sized adult"),
                _wrong("A large adult"),
                _wrong("All three receive the same dose"),
            ],
            "Smaller patients absorb more dose for the same output, as SSDE conversion factors "
            "show.",
        ),
        _single(
            "An adult abdomen and pelvis CT has a DLP of 500 mGy·cm. With a coefficient of "
            "0.015 mSv per mGy·cm, what is the approximate effective dose?",
            [_wrong("0.75 mSv"), _right("7.5 mSv"), _wrong("33 mSv"), _wrong("75 mSv")],
            "500 × 0.015 = 7.5 mSv, an estimate for a reference adult, not an individual's dose.",
        ),
    ],
)

RECONSTRUCTION = DemoModule(
    group=CT,
    title="Iterative and deep-learning reconstruction: lowering dose with care",
    summary=(
        "What iterative and deep-learning reconstruction change in CT images, how much dose "
        "they may save, and how to introduce them without losing diagnostic information."
    ),
    body=_markdown(
        """
        ## Beyond filtered back projection

        Filtered back projection (FBP) is fast and predictable, but image noise rises steeply as
        dose falls. Newer reconstruction methods reduce noise, which allows a lower dose for a
        given noise level.

        ### Iterative reconstruction

        Iterative reconstruction (IR) repeatedly compares the image with the measured data and
        models the statistics of the noise. Hybrid methods blend this with FBP; model-based
        methods also model the scanner's geometry and optics.

        ### Deep-learning reconstruction

        Deep-learning reconstruction (DLR) uses a neural network trained on pairs of lower- and
        higher-quality images to produce low-noise images with a more natural texture.

        | Approach | Examples |
        | --- | --- |
        | Hybrid IR | ASiR-V, iDose4, AIDR 3D, SAFIRE |
        | Model-based IR | Veo, IMR, FIRST |
        | Deep learning | TrueFidelity, AiCE, Precise Image |

        ## How much dose can be saved?

        Published reductions range widely, often between about 20 % and 60 %, depending on the
        clinical task, the body region and the strength setting. The figure that matters is the
        one that preserves the diagnostic task in your department.

        ### Caveats

        - **Noise is not the whole story.** Strong IR can give a smooth, "plastic" appearance,
          and low-contrast detectability improves less than the fall in noise suggests.
        - **Small, low-contrast lesions are most at risk**, for example liver metastases. High
          contrast tasks, such as lung nodules or bone, tolerate larger reductions.
        - **Deep-learning methods depend on their training data.** Check their behaviour for
          your patients, protocols and indications.

        ## Introducing a new reconstruction safely

        1. Define the clinical task for each protocol.
        2. Involve a medical physicist in task-based image quality assessment, using
           low-contrast phantoms or model observers rather than noise alone.
        3. Lower dose in steps, with radiologists reviewing clinical images at each step.
        4. Train readers on the new image appearance.
        5. Audit the new protocols against your local and national diagnostic reference levels.
        """
    ),
    objectives=[
        "Describe how iterative and deep-learning reconstruction differ from FBP.",
        "Explain why matched noise does not guarantee preserved low-contrast detectability.",
        "Plan a stepwise, task-based introduction of a new reconstruction algorithm.",
    ],
    estimated_minutes=20,
    credits=Decimal("0.5"),
    authors="S. Moreau, T. Van den Berg",
    references=[
        "Geyer LL, Schoepf UJ, Meinel FG, et al. State of the art: iterative CT reconstruction "
        "techniques. Radiology. 2015;276(2):339–357.",
        "Willemink MJ, Noël PB. The evolution of image reconstruction for CT — from filtered "
        "back projection to artificial intelligence. Eur Radiol. 2019;29(5):2185–2195.",
    ],
    questions=[
        _true_false(
            "If iterative reconstruction restores the image noise (standard deviation) to its "
            "full-dose value, low-contrast detectability is guaranteed to be preserved.",
            False,
            "Noise texture changes and low-contrast detectability can fall even when the noise "
            "standard deviation is matched.",
        ),
        _single(
            "Why does iterative reconstruction allow a lower tube current?",
            [
                _right("It produces less image noise than FBP from the same data"),
                _wrong("It increases the X-ray output of the tube"),
                _wrong("It shortens the scan range"),
                _wrong("It selects a higher tube potential"),
            ],
            "Lower noise at the same dose leaves room to reduce dose for a given noise level.",
        ),
        _multiple(
            "Which steps belong in a safe introduction of dose reduction with a new "
            "reconstruction algorithm?",
            [
                _right("Defining the clinical task for each protocol"),
                _right("Lowering the dose in steps with radiologist review"),
                _right("Task-based image quality assessment with a medical physicist"),
                _wrong("Applying the largest dose reduction quoted by the vendor to all protocols"),
            ],
            "Reductions must be justified by the clinical task, not by a generic figure.",
        ),
        _single(
            "Which task is most at risk if the dose is lowered aggressively on the basis of noise "
            "measurements alone?",
            [
                _right("Detecting small, low-contrast liver metastases"),
                _wrong("Detecting lung nodules surrounded by air"),
                _wrong("Assessing cortical bone fractures"),
                _wrong("Identifying dense kidney stones"),
            ],
            "Low-contrast detection suffers first; the other tasks have high inherent contrast.",
        ),
        _true_false(
            "Because deep-learning reconstruction is trained on example images, its behaviour "
            "should be checked for the patients and protocols where it will be used.",
            True,
            "Performance outside the conditions represented in the training data is not assured.",
        ),
    ],
)

CT_DRLS = DemoModule(
    group=CT,
    title="Diagnostic reference levels in CT: setting, using and acting on them",
    summary=(
        "What diagnostic reference levels are and are not, how they are set, and how to compare "
        "your CT practice with them and act on the result."
    ),
    body=_markdown(
        """
        ## What a DRL is

        A diagnostic reference level (DRL) is a level used to show whether, in routine
        conditions, the dose for a type of examination is unusually high or low for that
        examination. Directive 2013/59/Euratom requires Member States to establish, regularly
        review and use DRLs, having regard to European DRLs where available.

        A DRL is **not**:

        - a dose limit;
        - a value to be applied to an individual patient;
        - a boundary between good and bad practice.

        ## How DRLs are set

        - **National DRLs** are usually set at the 75th percentile of the distribution of the
          median doses found in a survey of many facilities.
        - **Local DRLs** can be set for a region or hospital group, for examinations without a
          national DRL or where practice is already better than the national level.
        - Some countries also publish the median of the survey distribution as a further
          optimisation goal.

        ### Quantities for CT

        For CT, the DRL quantities are CTDIvol and DLP, preferably for defined clinical
        indications rather than only for body regions. Paediatric body DRLs are best given in
        weight bands.

        ## Comparing your practice

        1. Collect CTDIvol and DLP for a sample of typical-sized patients, at least 20 per
           examination and scanner, or use a dose management system.
        2. Compare the **median** of your sample with the DRL, not individual values.
        3. Repeat the comparison regularly and after changes in equipment or protocols.

        ## When the median exceeds the DRL

        Investigate without undue delay, with the radiographers, radiologists and medical
        physicist who run the service:

        - protocol settings: ATCM target, tube potential, pitch, reconstruction, number of
          phases;
        - scan ranges actually used compared with the protocol;
        - patient centring and localiser technique;
        - equipment performance and quality control results.

        Record the findings and the corrective action, then audit again.

        ## When the median is far below the DRL

        Low doses are welcome only if the images still answer the clinical question. Check image
        quality with the reporting radiologists before celebrating.
        """
    ),
    objectives=[
        "State what a DRL is and what it is not.",
        "Describe how national and local DRLs are derived.",
        "Carry out a DRL comparison and plan the response when it is exceeded.",
    ],
    estimated_minutes=15,
    credits=Decimal("0.5"),
    authors="E. Lindqvist, P. Ferreira",
    references=[
        "ICRP. Diagnostic reference levels in medical imaging. ICRP Publication 135. "
        "Ann ICRP. 2017;46(1).",
        DIRECTIVE_2013_59,
    ],
    questions=[
        _true_false(
            "A single patient's CTDIvol above the national DRL means a dose limit has been "
            "exceeded.",
            False,
            "DRLs are not dose limits and apply to typical groups of patients, not individuals.",
        ),
        _single(
            "National DRLs are usually set at which point of the distribution of facility median "
            "doses?",
            [
                _wrong("25th percentile"),
                _wrong("50th percentile"),
                _right("75th percentile"),
                _wrong("95th percentile"),
            ],
            "The 75th percentile identifies facilities whose typical doses are unusually high.",
        ),
        _multiple(
            "The median DLP of your routine adult chest CT exceeds the national DRL. Which are "
            "appropriate first actions?",
            [
                _right("Review the ATCM target, tube potential, pitch and number of phases"),
                _right("Compare the scan ranges used with those in the protocol"),
                _right("Involve the medical physicist and radiologists in the investigation"),
                _wrong("Stop all chest CT until the next national survey"),
            ],
            "Exceeding a DRL calls for a prompt, structured review, not suspension of a service.",
        ),
        _single(
            "Which quantities are used as DRL quantities for CT?",
            [
                _right("CTDIvol and DLP"),
                _wrong("Effective dose and organ dose"),
                _wrong("Peak skin dose and fluoroscopy time"),
                _wrong("Entrance surface air kerma only"),
            ],
            "DRL quantities must be easy to obtain: CT scanners display CTDIvol and DLP.",
        ),
        _true_false(
            "A median dose far below the DRL should prompt a check that image quality is still "
            "adequate for the clinical question.",
            True,
            "Optimisation balances dose against the image quality the clinical task requires.",
        ),
    ],
)

CONTRAST_AND_KV = DemoModule(
    group=CT,
    title="Tube potential and iodinated contrast: getting more from less",
    summary=(
        "How lowering the tube potential increases iodine enhancement, and how to use that gain "
        "to reduce either radiation dose or contrast medium volume."
    ),
    body=_markdown(
        """
        ## Why tube potential matters for iodine

        Iodine's K-edge lies at 33.2 keV. Lowering the tube potential moves the spectrum closer
        to that energy, so iodine attenuates more and enhancing vessels and organs appear
        brighter.

        ### The trade-offs

        - At lower potential fewer photons pass through the patient, so the tube current must
          rise to keep noise acceptable.
        - In large patients the tube may reach its power limit, and photon starvation artefacts
          appear.
        - The gain is largest for iodine-based tasks and smaller for unenhanced soft tissue.

        ## Automatic tube potential selection

        Several scanners choose the tube potential from the localiser and the type of
        examination, aiming at a target contrast-to-noise ratio for iodine, bone or soft tissue.
        Set the examination type correctly, or the selection will aim at the wrong task.

        ## Using the gain

        | Goal | Approach |
        | --- | --- |
        | Lower radiation dose | Keep contrast-to-noise ratio constant at a lower potential |
        | Lower contrast volume | Keep enhancement constant with less iodine |

        The second option can help patients with reduced kidney function, in line with local
        contrast medium guidance.

        ## Practical points

        - CT angiography and slim patients benefit most.
        - Review injection rate and timing when you change the tube potential.
        - Agree protocol changes with radiologists and the medical physicist.
        """
    ),
    objectives=[
        "Explain why iodine enhancement rises as tube potential falls.",
        "Choose between radiation dose and contrast volume reduction for a protocol.",
    ],
    estimated_minutes=15,
    credits=Decimal("0.5"),
    authors="D. Horvat, R. Byrne",
    references=[
        ICRP_102,
        "Yu L, Li H, Fletcher JG, McCollough CH. Automatic selection of tube potential for "
        "radiation dose reduction in CT: a general strategy. Med Phys. 2010;37(1):234–243.",
    ],
    questions=[
        _single(
            "Why does iodine enhancement increase when the tube potential is lowered from 120 kV "
            "to 80 kV?",
            [
                _right("The spectrum moves closer to iodine's K-edge at 33.2 keV"),
                _wrong("The iodine concentration in the blood increases"),
                _wrong("The rotation becomes faster"),
                _wrong("Beam hardening is eliminated"),
            ],
            "Photoelectric absorption by iodine rises sharply near its K-edge.",
        ),
        _true_false(
            "Lowering the tube potential without adjusting the tube current normally increases "
            "image noise.",
            True,
            "Fewer photons reach the detector, so the current must be raised to compensate.",
        ),
    ],
    published=False,
)

# Paediatric Imaging -----------------------------------------------------------------------

PAEDIATRIC_CT = DemoModule(
    group=PAEDIATRIC,
    title="Size-adapted CT protocols for children",
    summary=(
        "Why adult protocols must never be used for children, and how to adapt CT technique to "
        "a child's size and clinical question."
    ),
    body=_markdown(
        """
        ## Why children need their own protocols

        A child's smaller body absorbs more dose for the same scanner output, and an adult
        technique produces images far less noisy than a diagnosis needs. Children are also more
        sensitive than adults to the induction of several cancers and have longer to live in
        which effects could appear. Every paediatric CT must therefore be justified and
        protocols must follow the child's size.

        ## Adapting to size

        ### Weight or diameter, not age

        Age is a poor guide: children of the same age vary greatly in size. Protocols are
        usually organised in **weight bands** or by **effective or water-equivalent diameter**,
        measured on the localiser or an axial image. Diameter reflects the attenuation of the
        body part actually scanned.

        ### What to adjust

        | Parameter | Paediatric approach |
        | --- | --- |
        | Tube current | ATCM with a paediatric reference, or weight-based settings |
        | Tube potential | Lower values for small children, with adjusted current |
        | Rotation time and pitch | Fast, to reduce motion and the need for sedation |
        | Scan range | Limited strictly to the clinical question |
        | Phases | Single phase unless a specific indication needs more |

        ## Reading the dose display

        - Know which phantom the scanner uses for paediatric body CTDIvol. A value referenced to
          the 32 cm phantom is roughly half the 16 cm value for the same output.
        - Use SSDE to compare children of different sizes.
        - Compare your medians with paediatric DRLs, which European guidance gives in weight
          bands for body examinations.

        ## Beyond the protocol

        - Explain the scan to the child and carer; play and distraction help.
        - Use feed-and-wrap for infants and immobilisation aids for toddlers.
        - Check the request again: could ultrasound or MRI answer the question?
        """
    ),
    objectives=[
        "Explain why adult CT protocols give children unnecessary dose.",
        "Select weight- or diameter-based settings for a paediatric CT protocol.",
        "Interpret paediatric CTDIvol with the correct phantom and compare it with DRLs.",
    ],
    estimated_minutes=25,
    credits=Decimal("1.0"),
    authors="I. Kowalczyk, H. Becker",
    references=[
        ICRP_121,
        "European Commission. European guidelines on diagnostic reference levels for "
        "paediatric imaging. Radiation Protection No. 185. Luxembourg: Publications Office of "
        "the European Union, 2018.",
        "Strauss KJ, Goske MJ, Kaste SC, et al. Image Gently: ten steps you can take to "
        "optimize image quality and lower CT dose for pediatric patients. AJR Am J Roentgenol. "
        "2010;194(4):868–873.",
    ],
    questions=[
        _single(
            "Why is patient diameter preferred to age as the basis for paediatric CT protocols?",
            [
                _right("It reflects the attenuation of the body part being scanned"),
                _wrong("It is always printed on the request form"),
                _wrong("It lets adult protocols be reused unchanged"),
            ],
            "Children of the same age differ widely in size; diameter tracks attenuation.",
        ),
        _true_false(
            "An adult body protocol gives a small child a lower absorbed dose because the child is "
            "smaller.",
            False,
            "For the same output a smaller body absorbs a higher dose.",
        ),
        _multiple(
            "Which measures reduce dose in paediatric CT?",
            [
                _right("Limiting the scan range to the clinical question"),
                _right("Avoiding multiphase scans unless specifically indicated"),
                _right("A lower tube potential with an adjusted current in small children"),
                _wrong("Scanning from skull base to pelvis so nothing is missed"),
            ],
            "Range, phases and technique all scale the dose; extending the range adds dose "
            "without clinical benefit.",
        ),
        _single(
            "A paediatric abdomen CTDIvol is displayed for the 32 cm phantom. Compared with the "
            "16 cm phantom value for the same scan, it is:",
            [
                _right("roughly half as large"),
                _wrong("about the same"),
                _wrong("roughly twice as large"),
                _wrong("about ten times larger"),
            ],
            "More of the beam is absorbed before it reaches the centre of the larger phantom, so "
            "the index is lower.",
        ),
        _true_false(
            "Fast scanning, immobilisation and preparing the child can reduce the need for "
            "sedation and repeat scans.",
            True,
            "Motion is a leading cause of repeats in children.",
        ),
    ],
)

PAEDIATRIC_RADIOGRAPHY = DemoModule(
    group=PAEDIATRIC,
    title="Radiography in children: collimation, exposure and gonad shielding",
    summary=(
        "Good practice for paediatric radiographs, from justification and collimation to "
        "exposure monitoring, and why routine gonad shielding has been discontinued."
    ),
    body=_markdown(
        """
        ## Justify first

        The EuroSafe Imaging and Image Gently campaigns share the same starting point: the right
        examination, for the right child, at the right dose. Check the request against referral
        guidelines and consider whether ultrasound or MRI could answer the question.

        ## Technique

        ### Collimation

        Tight collimation to the region of interest reduces dose and scatter and improves
        contrast. Collimate on the patient, before the exposure. Electronic cropping afterwards
        hides irradiated anatomy from the reader but does not reduce the dose already given.

        ### Exposure

        - **Manual technique charts** based on body thickness are often more reliable than
          automatic exposure control (AEC) in small children, whose anatomy may not cover the
          AEC chambers.
        - **Remove the anti-scatter grid** for small body parts: a grid requires a higher
          exposure and brings little benefit when little scatter is produced.
        - **Additional copper filtration**, where available, removes low-energy photons that add
          dose without contributing to the image.
        - **Monitor the exposure index.** The deviation index (DI) compares each exposure with
          its target: +1 means about 26 % more than the target, +3 about twice the target.

        ## Gonad shielding: why practice has changed

        Lead contact shields over the gonads were routine for decades. Current guidance,
        including the AAPM position statement of 2019 and the UK guidance led by the British
        Institute of Radiology in 2020, recommends discontinuing their routine use:

        - shields often miss the gonads, especially the ovaries, whose position varies;
        - they can obscure anatomy and lead to repeat exposures;
        - a shield inside the AEC sensing area can make the system increase the exposure;
        - gonad doses from modern radiography are very low, and hereditary risks are now judged
          much smaller: ICRP Publication 103 lowered the gonad tissue weighting factor from 0.20
          to 0.08.

        Follow your local policy and be ready to explain the change to parents who ask.

        ## Carers who hold the child

        Use immobilisation aids first. If a carer must hold, give them a protective apron, keep
        their hands out of the primary beam, and do not ask anyone who may be pregnant.
        """
    ),
    objectives=[
        "Apply justification and collimation in paediatric radiography.",
        "Use exposure index and deviation index to monitor exposures.",
        "Explain to colleagues and parents why routine gonad shielding has been discontinued.",
    ],
    estimated_minutes=20,
    credits=Decimal("0.5"),
    authors="N. Costa, J. Murphy",
    references=[
        "AAPM. AAPM position statement on the use of patient gonadal and fetal shielding. "
        "PP 32-A. College Park, MD: AAPM, 2019.",
        BIR_SHIELDING,
        ICRP_121,
    ],
    questions=[
        _true_false(
            "Current professional guidance recommends placing a lead gonad shield on every child "
            "having a pelvic radiograph.",
            False,
            "AAPM (2019) and the BIR-led UK guidance (2020) recommend discontinuing routine gonad "
            "shielding.",
        ),
        _multiple(
            "Which are reasons given for discontinuing routine gonad shielding?",
            [
                _right("Shields often miss the gonads or obscure anatomy needed for diagnosis"),
                _right("A shield in the AEC sensing area can increase the exposure"),
                _right("Hereditary risks are now judged much lower than when shielding began"),
                _wrong("Children's gonads are not sensitive to radiation at all"),
            ],
            "The benefit is small and the shields can reduce image quality or raise dose; the "
            "gonads remain radiosensitive, which is why collimation still matters.",
        ),
        _single(
            "What does electronic cropping of a poorly collimated paediatric radiograph achieve?",
            [
                _right("It hides the irradiated area but does not reduce the dose already given"),
                _wrong("It reduces the dose to the tissue outside the cropped area"),
                _wrong("It improves the exposure index"),
                _wrong("It is an acceptable substitute for collimation"),
            ],
            "Only collimation before the exposure reduces the irradiated area.",
        ),
        _single(
            "A radiograph has a deviation index of +3. What does this indicate?",
            [
                _wrong("About 3 % more exposure than the target"),
                _right("About twice the target exposure"),
                _wrong("Three times the target exposure"),
                _wrong("Half the target exposure"),
            ],
            "DI = 10 log10(EI / target EI); +3 corresponds to a factor of about 2.",
        ),
        _true_false(
            "A small child's chest radiograph can often be taken without an anti-scatter grid, "
            "avoiding the extra exposure a grid requires.",
            True,
            "Thin body parts produce little scatter, so the grid's penalty outweighs its benefit.",
        ),
    ],
)

PARENTS_GUIDE = DemoModule(
    group=PAEDIATRIC,
    title="Your child's X-ray: answers to questions parents and carers often ask",
    audience=Audience.PATIENTS,
    summary=(
        "A plain-language guide for parents and carers about why X-rays are done, how much "
        "radiation they involve, and what to expect on the day."
    ),
    body=_markdown(
        """
        ## Why has my child been sent for an X-ray?

        A doctor or nurse has asked for the X-ray because the picture should help them decide
        what is wrong or how to treat it. Before any X-ray is taken, the imaging team checks
        that it is really needed and sets the machine for your child's size, so that it uses
        the smallest amount of radiation that still gives a clear picture.

        ## About radiation

        ### How much radiation is it?

        We all receive a little natural radiation every day, from the ground, the air, our food
        and from space. The table compares common tests with this natural background:

        | Test | About the same as natural radiation over |
        | --- | --- |
        | X-ray of an arm, leg, hand or foot | less than a day |
        | Chest X-ray | a few days |
        | CT scan of the head | several months |

        These figures are approximate and depend on your child's age and size.

        ### Is it safe?

        The amount of radiation from an ordinary X-ray is very small, and so is any extra risk.
        Not having a test that is needed can carry a much bigger risk, because an illness or
        injury could be missed. Children are more sensitive to radiation than adults, which is
        why staff adjust every test to the child. CT scans use more radiation, so they are only
        done when the benefit is clear. Ultrasound and MRI scans do not use X-rays at all and
        are sometimes offered instead.

        ## Why is there no lead cover over my child's tummy?

        Many hospitals no longer use lead covers for most X-rays. Experts found that the covers
        often hid the area the doctor needed to see, which could mean a repeat X-ray, while
        protecting very little. Staff protect your child by aiming the X-rays only at the part
        of the body being examined.

        ## Can I stay with my child?

        Usually, yes. You may be asked to help keep your child still and given a protective
        apron to wear. If you are or might be pregnant, tell the staff; someone else can help.

        ## After the X-ray

        Your child is not radioactive after an X-ray. You can hug and cuddle as normal.

        ## Questions you can ask

        - Why is this test needed, and how will the result help?
        - Is there a test that does not use X-rays?
        - My child had a similar test recently at another hospital: is another one needed?
        """
    ),
    objectives=[
        "Understand why an X-ray has been requested for your child.",
        "Compare the radiation from common tests with everyday natural radiation.",
        "Know what to expect and which questions to ask on the day.",
    ],
    estimated_minutes=10,
    credits=Decimal("0.25"),
    authors="C. Ionescu, F. Schmidt",
    references=[
        "World Health Organization. Communicating radiation risks in paediatric imaging: "
        "information to support health care discussions about benefit and risk. Geneva: WHO, "
        "2016.",
        BIR_SHIELDING,
    ],
    max_attempts=0,
    questions=[
        _true_false(
            "After an ordinary X-ray, a child gives off radiation and should keep away from other "
            "people for a while.",
            False,
            "X-rays pass through the body during the picture only; nothing stays behind.",
        ),
        _single(
            "A chest X-ray gives about the same radiation as natural background over:",
            [
                _right("a few days"),
                _wrong("a few years"),
                _wrong("about ten years"),
                _wrong("a whole lifetime"),
            ],
            "A chest X-ray gives a very small dose, similar to a few days of natural radiation.",
        ),
        _multiple(
            "Which of these tests do not use X-rays?",
            [
                _right("Ultrasound scan"),
                _wrong("CT scan"),
                _right("MRI scan"),
                _wrong("Chest X-ray"),
            ],
            "Ultrasound uses sound waves and MRI uses a magnetic field and radio waves.",
        ),
        _single(
            "Why do many hospitals no longer put a lead cover over a child's lower tummy for "
            "X-rays?",
            [
                _right(
                    "It can hide what the doctor needs to see and lead to a repeat X-ray, while "
                    "protecting very little"
                ),
                _wrong("Lead covers are too expensive"),
                _wrong("X-rays can no longer reach that part of the body"),
                _wrong("Children are not affected by radiation"),
            ],
            "Aiming the X-rays only at the area being examined protects the child better.",
        ),
        _true_false(
            "It helps to tell staff if your child recently had a similar test at another hospital.",
            True,
            "The earlier images may answer the question and avoid another X-ray.",
        ),
    ],
)

# Interventional Radiology -----------------------------------------------------------------

OPERATOR_DOSE = DemoModule(
    group=INTERVENTIONAL,
    title="Operator dose in interventional radiology: distance, position and shielding",
    summary=(
        "Where staff dose comes from in the angiography suite and how distance, position and "
        "shielding reduce it."
    ),
    body=_markdown(
        """
        ## Where staff dose comes from

        Almost all staff dose comes from radiation scattered by the patient. Scatter is most
        intense on the side where the beam enters the patient, that is, the X-ray tube side.
        Anything that lowers the patient's dose also lowers the scatter reaching staff.

        ## Three ways to reduce your dose

        ### Distance: the inverse square law

        From a small source, the dose rate falls with the square of the distance. Doubling your
        distance from the patient cuts your dose rate to a quarter; tripling it, to a ninth.

        | Distance from the scatter source | Relative dose rate |
        | --- | --- |
        | 0.5 m | 4 |
        | 1 m | 1 |
        | 2 m | 0.25 |
        | 3 m | about 0.11 |

        As a rule of thumb, the scatter dose rate 1 m from the patient is of the order of one
        thousandth of the dose rate at the patient's skin where the beam enters.

        ### Position relative to the beam

        - Keep the X-ray tube **under the table**: the most intense scatter is then directed
          towards the floor, where table-mounted curtains can absorb it.
        - In lateral and steep oblique projections, stand on the **image detector side**, not
          the tube side.
        - Step back, or leave the room, during acquisition runs; use a power injector where
          possible.
        - Keep your hands out of the primary beam.

        ### Shielding

        - Aprons of 0.25–0.5 mm lead equivalence, wrap-around if you turn your back to the
          patient, and a thyroid collar.
        - A ceiling-suspended shield placed close to the patient, between the scatter source and
          your head.
        - Table-mounted lead curtains and, where useful, disposable shielding drapes on the
          patient.

        ## Technique protects everyone

        Collimation, low pulse rates, little magnification and an image detector close to the
        patient reduce patient dose and operator dose together.

        ## Monitoring

        Wear your dosimeters every time: one under the apron and, where required, one at collar
        level outside it. Review your results and ask why they change.
        """
    ),
    objectives=[
        "Apply the inverse square law to staff positioning.",
        "Choose the safer side of the patient for lateral projections.",
        "Use room and personal shielding effectively.",
    ],
    estimated_minutes=20,
    credits=Decimal("0.5"),
    authors="G. Papadakis, A. Jensen",
    references=[ICRP_139, NCRP_168],
    questions=[
        _single(
            "An operator steps back from 0.5 m to 1.5 m from the patient. By about what factor "
            "does the scatter dose rate fall?",
            [_wrong("1.5"), _wrong("3"), _wrong("6"), _right("9")],
            "The distance triples, so the dose rate falls by 3² = 9.",
        ),
        _true_false(
            "During a lateral projection, the operator should stand on the X-ray tube side of the "
            "patient.",
            False,
            "Scatter is highest on the tube side, where the beam enters; stand on the detector "
            "side.",
        ),
        _multiple(
            "Which measures reduce both patient and operator dose?",
            [
                _right("Tight collimation"),
                _right("A lower fluoroscopy pulse rate"),
                _right("Keeping the image detector close to the patient"),
                _wrong("Wearing a thicker lead apron"),
            ],
            "Technique that lowers patient dose also reduces scatter; an apron protects only its "
            "wearer.",
        ),
        _single(
            "Why is the under-table X-ray tube position preferred for most procedures?",
            [
                _right(
                    "The most intense scatter is directed downwards, where table curtains can "
                    "absorb it"
                ),
                _wrong("It increases image magnification"),
                _wrong("It eliminates scattered radiation"),
                _wrong("It halves the patient's skin dose"),
            ],
            "Backscatter from the entrance surface is strongest; below the table it is easier "
            "to shield and further from the operator's head.",
        ),
        _true_false(
            "A ceiling-suspended shield protects the operator's head best when it is close to the "
            "patient, between the scatter source and the operator.",
            True,
            "Placed close to the patient, the shield intercepts scatter over a wide angle.",
        ),
    ],
)

EYE_LENS = DemoModule(
    group=INTERVENTIONAL,
    title="Protecting the eye lens in interventional procedures",
    summary=(
        "The lower cataract threshold and eye-lens dose limit, where the eye dose comes from, "
        "and which protective measures work in practice."
    ),
    body=_markdown(
        """
        ## Why the lens deserves attention

        The lens of the eye is among the most radiosensitive tissues. In ICRP Publication 118
        the Commission lowered its threshold for vision-impairing cataract to an absorbed dose
        of **0.5 Gy**, whether received at once or over many years. Studies of interventional
        cardiologists, radiologists and nurses have found more lens opacities than in
        unexposed colleagues.

        ### The dose limit in Europe

        Directive 2013/59/Euratom sets the occupational equivalent dose limit for the lens at
        **20 mSv in a single year**, or 100 mSv in any five consecutive years with no more than
        50 mSv in a single year, where national law allows averaging. The previous limit was
        150 mSv a year. Workers liable to receive more than 15 mSv a year to the lens are
        category A workers, with systematic individual monitoring.

        ## Where the eye dose comes from

        The eyes receive scatter from the patient, mostly from below and from the side. An
        operator who turns to watch a monitor exposes one side of the head more; for an operator
        at the patient's right, this is usually the left eye.

        ## Protecting the lens

        ### Measures that work

        - **Ceiling-suspended shield**, placed close to the patient. Used correctly, it is
          the most effective single measure.
        - **Lower patient dose**: collimation, low pulse rates and less magnification reduce
          scatter at its source.
        - **Lead glasses** with side shields or a wrap-around design. In practice they reduce
          the lens dose by less than their lead equivalence suggests, because scatter reaches
          the eye from below and around the lenses.
        - **Table curtains and patient drapes** reduce scatter reaching the upper body.

        ## Monitoring

        The operational quantity for the lens is the personal dose equivalent **Hp(3)**. A
        dedicated dosimeter worn next to the more exposed eye gives the best estimate. A collar
        dosimeter outside the apron can give an estimate where eye doses are low, but not
        a measurement of the lens dose.
        """
    ),
    objectives=[
        "State the ICRP cataract threshold and the European eye-lens dose limit.",
        "Identify the main sources of eye-lens dose for interventional staff.",
        "Choose effective protective measures for the eye lens.",
        "Choose an appropriate method of monitoring eye-lens dose.",
    ],
    estimated_minutes=20,
    credits=Decimal("0.5"),
    authors="L. Fischer, E. Lindqvist",
    references=[
        "ICRP. ICRP statement on tissue reactions and early and late effects of radiation in "
        "normal tissues and organs – threshold doses for tissue reactions in a radiation "
        "protection context. ICRP Publication 118. Ann ICRP. 2012;41(1/2).",
        DIRECTIVE_2013_59,
        ICRP_139,
    ],
    pass_mark=80,
    questions=[
        _single(
            "What threshold absorbed dose for vision-impairing cataract does ICRP Publication 118 "
            "give?",
            [_wrong("0.05 Gy"), _right("0.5 Gy"), _wrong("2 Gy"), _wrong("5 Gy")],
            "ICRP 118 gives 0.5 Gy for both acute and protracted exposure.",
        ),
        _single(
            "What is the occupational equivalent dose limit for the lens of the eye in Directive "
            "2013/59/Euratom?",
            [
                _right(
                    "20 mSv in a single year, or 100 mSv in five consecutive years with at most "
                    "50 mSv in any one year"
                ),
                _wrong("150 mSv per year"),
                _wrong("6 mSv per year"),
                _wrong("500 mSv per year"),
            ],
            "150 mSv was the previous limit; 500 mSv is the limit for skin and extremities.",
        ),
        _multiple(
            "Which measures reduce the operator's eye-lens dose?",
            [
                _right("Placing the ceiling-suspended shield close to the patient"),
                _right("Wearing lead glasses with side protection"),
                _right("Reducing patient dose by collimation and low pulse rates"),
                _wrong("Wearing a thyroid collar"),
            ],
            "A thyroid collar protects the thyroid, not the eyes.",
        ),
        _true_false(
            "Hp(3) is the operational quantity used to monitor the dose to the lens of the eye.",
            True,
            "Hp(3) is the personal dose equivalent at a depth of 3 mm.",
        ),
        _true_false(
            "Lead glasses reduce the lens dose by the factor their lead equivalence suggests, "
            "however the operator turns their head.",
            False,
            "Scatter arriving from below and from the side bypasses the lenses, so protection "
            "in practice is smaller.",
        ),
        _single(
            "A worker is liable to receive 18 mSv a year to the lens of the eye. Under Directive "
            "2013/59/Euratom, how are they classified?",
            [
                _right("Category A, with systematic individual monitoring"),
                _wrong("Category B"),
                _wrong("Not occupationally exposed"),
            ],
            "More than 15 mSv a year to the lens places a worker in category A.",
        ),
    ],
)

SKIN_DOSE = DemoModule(
    group=INTERVENTIONAL,
    title="Patient skin dose in interventional procedures: thresholds and follow-up",
    summary=(
        "How to read the dose quantities on an angiography system, which skin doses can cause "
        "injury, and how to follow up patients after high-dose procedures."
    ),
    body=_markdown(
        """
        ## Why skin dose matters

        Long and complex procedures, such as embolisations, TIPS creation and complex coronary
        interventions, can exceed the thresholds for skin injury. Most reactions become visible
        weeks or months later, and patients and their doctors may not link them to the procedure.

        ## Dose quantities on the system

        | Quantity | Unit | What it tells you |
        | --- | --- | --- |
        | Reference point air kerma (Ka,r) | Gy | Cumulative air kerma at a fixed point |
        | Kerma-area product (PKA) | Gy·cm² | Total radiation into the patient |
        | Fluoroscopy time | min | Fluoroscopy beam-on time only; a poor indicator of dose |
        | Peak skin dose (PSD) | Gy | Highest dose at any point on the skin |

        The interventional reference point lies 15 cm from the isocentre towards the X-ray tube.
        PKA relates to stochastic risk and to the scatter that reaches staff.

        Ka,r is not the peak skin dose. It overestimates PSD when the beam moves between
        projections or when the table absorbs part of the beam, and can underestimate it when
        the skin lies closer to the tube than the reference point, as in large patients.

        ## Thresholds and trigger levels

        ### Tissue reactions after a single procedure

        | Peak skin dose | Possible effects |
        | --- | --- |
        | Below 2 Gy | No observable effects expected |
        | 2–5 Gy | Transient erythema; temporary hair loss possible |
        | 5–10 Gy | Erythema and hair loss; at the upper end, permanent partial hair loss |
        | 10–15 Gy | Possible desquamation; later permanent hair loss and skin atrophy |
        | Above 15 Gy | Ulceration and necrosis; surgical treatment may be needed |

        Individual sensitivity varies with conditions such as diabetes, connective tissue
        disease, some drugs and previous irradiation of the same area.

        ### Trigger levels for follow-up

        NCRP Report 168 defines substantial radiation dose levels that should prompt follow-up:
        PSD 3 Gy, Ka,r 5 Gy, PKA 500 Gy·cm² or fluoroscopy time 60 min.

        ## Reducing peak skin dose

        - Collimate tightly and keep the patient as far from the tube as practicable.
        - Change the beam angle from time to time to move the entrance field.
        - Avoid prolonged magnification and high-dose modes.

        ## After a high-dose procedure

        1. Record the dose quantities in the patient's record and the report.
        2. Tell the patient, and their doctor, what skin changes to look for.
        3. Arrange a skin check, typically within about a month.
        4. Take earlier doses into account when planning further procedures.
        """
    ),
    objectives=[
        "Distinguish reference point air kerma, kerma-area product and peak skin dose.",
        "Relate peak skin dose to the expected tissue reactions.",
        "Apply trigger levels and organise patient follow-up after a high-dose procedure.",
    ],
    estimated_minutes=30,
    credits=Decimal("1.0"),
    authors="R. Byrne, S. Moreau",
    references=[
        "Balter S, Hopewell JW, Miller DL, et al. Fluoroscopically guided interventional "
        "procedures: a review of radiation effects on patients' skin and hair. Radiology. "
        "2010;254(2):326–341.",
        NCRP_168,
        "ICRP. Avoidance of radiation injuries from medical interventional procedures. "
        "ICRP Publication 85. Ann ICRP. 2000;30(2).",
    ],
    questions=[
        _single(
            "From approximately what peak skin dose can transient erythema be expected after a "
            "single procedure?",
            [_wrong("0.2 Gy"), _right("2 Gy"), _wrong("15 Gy"), _wrong("50 Gy")],
            "Below 2 Gy no observable effects are expected; transient erythema becomes possible "
            "above about 2 Gy.",
        ),
        _true_false(
            "The reference point air kerma shown by the system equals the patient's peak skin "
            "dose.",
            False,
            "Ka,r ignores beam movement, table attenuation, backscatter and the actual skin "
            "position.",
        ),
        _multiple(
            "Which of these are substantial radiation dose levels in NCRP Report 168?",
            [
                _right("Peak skin dose of 3 Gy"),
                _right("Reference point air kerma of 5 Gy"),
                _right("Kerma-area product of 500 Gy·cm²"),
                _wrong("Fluoroscopy time of 5 minutes"),
            ],
            "The fluoroscopy time level is 60 minutes, not 5.",
        ),
        _single(
            "After an embolisation the reference point air kerma is 6 Gy. What is the most "
            "appropriate follow-up?",
            [
                _right(
                    "Record the dose, tell the patient which skin changes to look for and "
                    "arrange a skin check within about a month"
                ),
                _wrong("No action: any skin injury would already be visible"),
                _wrong("Advise the patient to avoid sunlight and arrange nothing else"),
            ],
            "Skin reactions are delayed, so patients need information and a planned check.",
        ),
        _multiple(
            "Which techniques lower the peak skin dose during a long procedure?",
            [
                _right("Changing the beam angle from time to time"),
                _right("Keeping the patient as far from the tube as practicable"),
                _right("Collimating tightly"),
                _wrong("Using high magnification throughout"),
            ],
            "Magnification usually raises the dose rate at the entrance skin.",
        ),
    ],
)

FLUOROSCOPY = DemoModule(
    group=INTERVENTIONAL,
    title="Fluoroscopy time is not dose: pulsed fluoroscopy, last-image hold and runs",
    summary=(
        "Why fluoroscopy time is a poor measure of patient dose, and how pulse rate, "
        "last-image hold and fewer acquisition runs reduce it."
    ),
    body=_markdown(
        """
        ## Why fluoroscopy time misleads

        Fluoroscopy time is easy to record, but it leaves out most of what determines dose:

        - **acquisition runs** (digital subtraction angiography, cine), which often give most
          of the patient dose in vascular procedures;
        - the fluoroscopy dose mode and pulse rate;
        - patient size, projection angle, magnification and collimation.

        Two procedures with the same fluoroscopy time can differ in dose many times over.
        Record it, but use reference point air kerma and kerma-area product to judge dose.

        ## Exposing less

        ### Pulsed fluoroscopy

        Pulsed fluoroscopy produces images in short pulses, reducing motion blur, and a lower
        pulse rate, such as 7.5 instead of 15 pulses per second, usually lowers the dose rate.
        Many systems, however, raise the dose per pulse at lower rates to keep the image looking
        the same, so halving the pulse rate does not always halve the dose. Ask your medical
        physicist how your system behaves.

        ### Last-image hold and fluoroscopy store

        - **Last-image hold** keeps the last frame on the monitor when the pedal is released,
          so you can study it without further exposure.
        - **Virtual collimation** lets you adjust the collimators on the held image.
        - **Fluoroscopy store** saves a fluoroscopy sequence for documentation, often
          instead of an acquisition run when diagnostic quality is not needed.

        ### Acquisition runs

        Each acquisition frame needs many times the dose of a fluoroscopy frame. Use the lowest
        frame rate that shows the anatomy, keep runs short, and avoid repeating runs that a
        stored sequence would replace.

        ## Other settings at a glance

        | Setting | Effect on patient dose |
        | --- | --- |
        | Lower pulse rate | Lower, but not always in proportion |
        | Low-dose fluoroscopy mode | Lower |
        | Smaller field of view (magnification) | Often higher dose rate |
        | Collimation | Lower kerma-area product and less scatter |
        | Fluoroscopy store instead of a run | Much lower |

        Above all, keep your foot off the pedal when you are not looking at the monitor.
        """
    ),
    objectives=[
        "Explain why fluoroscopy time is a poor indicator of patient dose.",
        "Use pulse rate, last-image hold and fluoroscopy store to reduce dose.",
    ],
    estimated_minutes=15,
    credits=Decimal("0.25"),
    authors="M. Rossi, I. Kowalczyk",
    references=[
        "ICRP. Radiological protection in fluoroscopically guided procedures performed outside "
        "the imaging department. ICRP Publication 117. Ann ICRP. 2010;40(6).",
        NCRP_168,
    ],
    questions=[
        _true_false(
            "Two procedures with the same fluoroscopy time must have given the patients similar "
            "doses.",
            False,
            "Acquisition runs, dose mode, patient size and geometry are not captured by time.",
        ),
        _single(
            "Reducing the pulse rate from 15 to 7.5 pulses per second will:",
            [
                _right(
                    "usually lower the dose rate, though not always by half, because some "
                    "systems raise the dose per pulse"
                ),
                _wrong("always halve the patient dose"),
                _wrong("increase the patient dose"),
                _wrong("have no effect on dose"),
            ],
            "Check with your medical physicist how the dose per pulse changes on your system.",
        ),
        _multiple(
            "Which features help to reduce patient dose?",
            [
                _right("Last-image hold"),
                _right("Storing a fluoroscopy sequence instead of an acquisition run"),
                _right("Virtual collimation on the held image"),
                _wrong("High-dose fluoroscopy mode as the default"),
            ],
            "The first three avoid or shorten exposure; high-dose mode raises the dose rate.",
        ),
        _single(
            "What often contributes most to patient dose in vascular procedures, yet is not "
            "counted in fluoroscopy time?",
            [
                _right("Digital subtraction angiography runs"),
                _wrong("Last-image hold"),
                _wrong("Virtual collimation"),
                _wrong("Reference image display on a second monitor"),
            ],
            "Each acquisition frame needs many times the dose of a fluoroscopy frame.",
        ),
        _true_false(
            "On many systems, a smaller field of view (magnification) increases the patient's "
            "entrance dose rate.",
            True,
            "Automatic dose rate control raises the detector dose for smaller fields to limit the "
            "visible noise in the magnified image.",
        ),
    ],
)

MODULES = [
    ATCM,
    DOSE_INDICES,
    RECONSTRUCTION,
    CT_DRLS,
    CONTRAST_AND_KV,
    PAEDIATRIC_CT,
    PAEDIATRIC_RADIOGRAPHY,
    PARENTS_GUIDE,
    OPERATOR_DOSE,
    EYE_LENS,
    SKIN_DOSE,
    FLUOROSCOPY,
]


def _working_group(name: str) -> WorkingGroup:
    existing = db.session.scalar(select(WorkingGroup).where(WorkingGroup.name == name))
    return existing or create_working_group(name)


def load_demo_modules(users: dict[str, User]) -> None:
    """Add working groups, published Tips & Tricks modules and one draft."""
    author, reviewer = users["author@example.org"], users["admin@example.org"]
    groups = {name: _working_group(name) for name in WORKING_GROUPS}
    published_modules = []
    for demo in MODULES:
        module = create_module(
            author,
            groups[demo.group],
            title=demo.title,
            edition=demo.edition,
            audience=demo.audience,
            summary=demo.summary,
            body=demo.body,
            learning_objectives="\n".join(demo.objectives),
            estimated_minutes=demo.estimated_minutes,
            credits=demo.credits,
            authors=demo.authors,
            references="\n".join(demo.references),
            pass_mark=demo.pass_mark,
            max_attempts=demo.max_attempts,
        )
        revision = module.revisions[0]
        for question in demo.questions:
            add_question(
                revision,
                kind=question.kind,
                text=question.text,
                explanation=question.explanation,
                options=question.options,
            )
        if demo.published:
            submit_for_review(revision, author)
            publish(revision, reviewer)
            published_modules.append(module)
    _complete_for_demo(users["learner@example.org"], published_modules[:2])
    _start_for_demo(users["learner@example.org"], published_modules[2])


def _complete_for_demo(learner: User, modules: list) -> None:
    """Let the demo learner pass and evaluate some modules, so the dashboard has content."""
    for module in modules:
        attempt = start_attempt(learner, module)
        answers = {
            q.id: [o.id for o in q.options if o.is_correct]
            for q in module.published_revision.questions
        }
        submit_attempt(attempt, answers)
        submit_evaluation(
            learner,
            module,
            relevance=5,
            quality=4,
            free_of_bias=True,
            comment="Clear and practical.",
        )


def _start_for_demo(learner: User, module) -> None:
    start_attempt(learner, module)
