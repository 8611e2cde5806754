package schema

// A Vocabulary is the closed set of values a label column accepts. It is
// declared once here; the Parquet field metadata and the dataset card quote
// it from this declaration.
type Vocabulary struct {
	Name   string
	Origin string
	Values []VocabularyValue
}

// VocabularyValue is one allowed label with its definition for annotators.
type VocabularyValue struct {
	Value      string `json:"value"`
	Definition string `json:"definition"`
}

// ValueNames lists the allowed values in their declared order.
func (v *Vocabulary) ValueNames() []string {
	out := make([]string, len(v.Values))
	for i, x := range v.Values {
		out[i] = x.Value
	}
	return out
}

// Stance is the SemEval-2016 Task 6 stance scheme: the author's position
// toward a named target.
var Stance = &Vocabulary{
	Name:   "stance",
	Origin: "SemEval-2016 Task 6: Detecting Stance in Tweets (Mohammad et al., 2016)",
	Values: []VocabularyValue{
		{"favor", "the text supports the target or argues for it"},
		{"against", "the text opposes the target or argues against it"},
		{"none", "the text takes neither position toward the target, or none can be inferred"},
	},
}

// ReplyStance is the RumourEval support/deny/query/comment scheme: the
// position of a comment toward what it replies to.
var ReplyStance = &Vocabulary{
	Name:   "reply_stance",
	Origin: "RumourEval, SemEval-2017 Task 8 subtask A (Derczynski et al., 2017)",
	Values: []VocabularyValue{
		{"support", "the comment agrees with or supports what it replies to"},
		{"deny", "the comment disagrees with or contradicts what it replies to"},
		{"query", "the comment asks for evidence or clarification of what it replies to"},
		{"comment", "the comment neither supports, denies nor queries what it replies to"},
	},
}

// DiscourseAct is the Coarse Discourse act scheme for forum comments.
var DiscourseAct = &Vocabulary{
	Name:   "discourse_act",
	Origin: "Coarse Discourse Sequence Corpus (Zhang et al., ICWSM 2017)",
	Values: []VocabularyValue{
		{"question", "asks for information or opinions"},
		{"answer", "responds to a question with information or an opinion"},
		{"announcement", "shares news or information without being prompted by a question"},
		{"agreement", "agrees with an earlier comment"},
		{"appreciation", "thanks or praises an earlier comment or its author"},
		{"disagreement", "disagrees with an earlier comment"},
		{"negativereaction", "attacks, mocks or expresses hostility toward an earlier comment or its author"},
		{"elaboration", "adds detail to or expands on an earlier comment"},
		{"humor", "is primarily a joke or meant to amuse"},
		{"other", "fits none of the acts above"},
	},
}

// Vocabularies lists every vocabulary in the order the card presents them.
func Vocabularies() []*Vocabulary {
	return []*Vocabulary{Stance, ReplyStance, DiscourseAct}
}
