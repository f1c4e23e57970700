"""The micro-credential model (pydantic v2), split by concern, with its bundled controlled vocabularies."""

from .assessment import Assessment, GradingScheme
from .credential import MicroCredential
from .examples import example_microcredential, minimal_microcredential
from .identifiers import Identifier, LegalIdentifier
from .learner import Learner
from .levels import Levels, NqfLevel, SqfLevel
from .organisation import Location, Organisation
from .outcomes import CreditPoint, LearningOutcome, Workload
from .participation import Participation
from .quality import QualityAssurance
from .schema import model_json_schema
from .stackability import RelatedCredential, Stackability
from .types import ConceptRef
from .vocabulary import Concept, Vocabulary, vocabulary

__all__ = [
    "Assessment",
    "Concept",
    "ConceptRef",
    "CreditPoint",
    "GradingScheme",
    "Identifier",
    "Learner",
    "LearningOutcome",
    "LegalIdentifier",
    "Levels",
    "Location",
    "MicroCredential",
    "NqfLevel",
    "Organisation",
    "Participation",
    "QualityAssurance",
    "RelatedCredential",
    "SqfLevel",
    "Stackability",
    "Vocabulary",
    "Workload",
    "example_microcredential",
    "minimal_microcredential",
    "model_json_schema",
    "vocabulary",
]
