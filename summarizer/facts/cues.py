"""Cue questions: what one sentence says is not known yet, asked as a reader would.

Reporters flag the unknowns in set phrases ("no date has been set for", "has yet
to respond to", "it remains unclear whether", "declined to say how"). Regexes find
them and the question is rebuilt from the cue sentence's own words (whether-
clauses inverted, attribution dropped), so every question quotes its source
verbatim and nothing is inferred that the text does not say. Found once per
sentence and stored with its document; merging the same point across outlets is
`summarizer.briefing.questions`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.facts.denials import sentence_denials, stems
from summarizer.text.datelines import dateline_length

_WH = r"whether|if|when|how\s+many|how\s+much|how\s+long|how\s+soon|how|what|who|whom|which|why|where"
_NOT = r"(?:did\s+not|didn['’]t|would\s+not|wouldn['’]t|could\s+not|has\s+not|have\s+not|had\s+not|hasn['’]t|haven['’]t|will\s+not|won['’]t|declined\s+to|refused\s+to|fail(?:ed|ing|s)?\s+to|(?:has|have|had)\s+yet\s+to)"
_TELL = (r"(?:say|said|specify|specified|disclose|disclosed|explain|explained|confirm|confirmed|indicate|indicated|"
         r"reveal|revealed|announce|announced|decide|decided|clarify|clarified|comment\s+on|commented\s+on)")
# "Police have not determined where he boarded", "still did not know whether": what nobody has found out yet.
_KNOW = (r"(?:know|knew|determine|determined|establish|established|ascertain|ascertained|learn|learned|"
         r"identify|identified|pinpoint|pinpointed|find\s+out|found\s+out|work\s+out|worked\s+out)")
# "were looking into whether", "are investigating how", "to determine if": an inquiry into a point still open.
_LOOKING = (r"(?:(?:looking|looked|look)\s+(?:at|into)|investigat(?:ing|ed|es?)|examin(?:ing|ed|es?)|prob(?:ing|ed|es?)|"
            r"(?:\bto|\band)\s+(?:determine|establish|ascertain|find\s+out|learn))")
# "police still did not know the gunman's name or whereabouts or have a motive", "working to uncover the
# suspect's identity", "racing to identify the gunman who ...": who someone is, where, or why, not known yet.
_CUE_SLOT = re.compile(
    rf"\b(?:(?:{_NOT}|(?:do|does)\s+not|don['’]t|doesn['’]t)\s+(?:yet\s+|still\s+|publicly\s+|immediately\s+)?"
    r"(?:been\s+able\s+to\s+)?|(?:trying|working|racing|seeking|attempting|struggling|scrambling|rushing)\s+to\s+)"
    r"(?P<verb>know|knew|identify|identified|determine|determined|establish|established|uncover|uncovered|disclose|"
    r"disclosed|reveal|revealed|release|released|learn|learned|find|found|have|had|give|gave|given|offer|offered)"
    r"(?:\s+(?:and|or)\s+(?:locate|located|find|found|track\s+down|arrest|arrested|catch|caught))?\s+(?=\S)", re.I)
_SLOT_OWNER = re.compile(r"^(?P<owner>(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?[\w-]+)['’]s\s+", re.I)
_SLOT_WORD = re.compile(r"\b(?P<slot>motives?|identity|identities|names?|whereabouts)\b(?:\s+(?:for|behind)\s+"
                        r"(?P<what>(?:the|a|an|his|her|their|its)\s+[^,;:.?!]{3,60}?)(?=\s+(?:or|and)\s|$))?", re.I)
# Whom "identify the gunman" is about: a person, not "identify the cause".
_PERSON_NOUN = re.compile(r"^(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?P<head>gunm[ae]n|shooters?|suspects?|attackers?|"
                          r"assailants?|killers?|bombers?|hijackers?|kidnappers?|robbers?|sniper|victims?|driver|"
                          r"pilot|man|woman|men|women|person|people|bodies|dead|culprits?|perpetrators?)\b", re.I)
# "would not elaborate, or comment on whether": a second verb the refusal also covers.
_ALSO = r"(?:[a-z]+,?\s+(?:or|nor|and)\s+)?"
# "ordered an assessment of what it would cost": someone set out to learn it, so it is not known yet.
_INQUIRY = (r"(?:ordered|requested|commissioned|launched|began|opened|called\s+for|asked\s+for)\s+(?:an?|the)\s+"
            r"(?:(?:[a-z]+\s+)?(?:assessment|review|study|investigation|inquiry|probe|estimate))\s+(?:of|into|on)")
_CUE_UNKNOWN = re.compile(
    rf"\b(?:(?:it|that)(?:['’]s|\s+(?:still\s+)?(?:remains|remained|is|was))\s+(?:still\s+|also\s+)?"
    rf"(?:unclear|uncertain|unknown|not\s+(?:yet\s+|immediately\s+|entirely\s+)?(?:clear|known|certain))"
    rf"|(?:it\s+)?remains\s+to\s+be\s+seen|no\s+one\s+knows|nobody\s+knows|there\s+(?:is|was)\s+no\s+word\s+(?:yet\s+)?on"
    rf"|(?:neither\s+(?:side|party|government|company)|no\s+one|nobody|none\s+of\s+them)\s+(?:has|have|had)\s+"
    rf"(?:yet\s+|publicly\s+)?{_TELL}"
    rf"|(?:it\s+is|it['’]s|it\s+was)\s+(?:still\s+)?too\s+(?:early|soon)\s+to\s+(?:say|tell|know|predict)"
    rf"|(?:trying|working|seeking|attempting|struggling)\s+to\s+(?:determine|establish|find\s+out|learn|"
    rf"understand|work\s+out|figure\s+out)"
    rf"|questions\s+(?:remain|remained|persist|linger)\s+(?:about|over|as\s+to)"
    rf"|{_NOT}\s+{_ALSO}(?:yet\s+|publicly\s+)?{_TELL}"
    # (not one speaker's "he did not know where": like a refusal, tied to one briefing and soon out of date)
    rf"|(?P<know>(?:{_NOT}|(?:do|does)\s+not|don['’]t|doesn['’]t)\s+(?:yet\s+|still\s+|immediately\s+|publicly\s+)?"
    rf"(?:been\s+able\s+to\s+)?(?<!did\snot\s)(?<!didn['’]t\s){_KNOW}|{_LOOKING})"
    rf"|(?P<inquiry>{_INQUIRY})"
    rf"|no\s+(?:final\s+)?decision\s+(?:has|had|was|have)\s+(?:yet\s+)?been\s+(?:taken|made|reached)\s+(?:on|about)"
    rf"|gave\s+no\s+(?:indication|figure|number|estimate|details?|word|timeline|timetable)(?:\s+(?:of|on|for|about|as\s+to))?"
    # "offered few details on how the levy would work", "without providing details on when"
    rf"|(?:gave|given|give|offered|offers?|provided|provides?|released|shared|without\s+(?:giving|providing|offering))\s+"
    rf"(?:few|little|scant|no|any)\s+(?:details?|information|indication|clarity)\s+(?:on|about|of|as\s+to)"
    # "remains unsure about what the deal means", "left in the dark for weeks on when the sale will close"
    rf"|(?:unsure|in\s+the\s+dark(?:\s+[\w-]+){{0,3}}?)\s+(?:about|on|over|as\s+to|of)"
    # A decision still to come: "delayed a ruling on whether", "said she would rule by next week on whether"
    rf"|(?:delay(?:ed|s)?|postpon(?:ed|es?)|defer(?:red|s)?|put(?:s)?\s+off|reserv(?:ed|es?))\s+"
    rf"(?:a\s+|her\s+|his\s+|its\s+|their\s+|the\s+)?(?:ruling|decision|judge?ment|vote|verdict)\s+(?:on|over)"
    rf"|(?:will|would)\s+(?:rule|decide)\s+(?:[\w-]+\s+){{0,3}}?(?:on|over))"
    rf"\s+(?P<wh>{_WH})(?:\s+|(?=\s*,\s*(?:or|and)\s+(?:if|whether)\s*,))", re.I)
_CUE_NO_DATE = re.compile(
    # "no date nor place had been announced for": the date, with or without the venue
    r"\b(?:no\s+(?:new\s+)?(?:date|timetable|timeline)(?:\s+(?:or|nor|and)\s+(?:a\s+)?(?:place|venue|location|time))?"
    r"\s+(?:has|had|was|have|were)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:set|fixed|agreed|given|announced|scheduled|proposed|named)"
    r"|(?:did\s+not|didn['’]t|has\s+not|have\s+not|had\s+not|hasn['’]t)\s+(?:yet\s+)?"
    r"(?:set|give|given|propose|proposed|name|named|announce|announced|fix|fixed)\s+a\s+(?:date|timetable|timeline))"
    r"(?:\s+(?:for|on)\s+(?P<what>(?=\S)))?", re.I)
# "no further talks were scheduled", "no new meetings have been planned": when they resume is not known.
_CUE_NONE_SCHEDULED = re.compile(
    r"\bno\s+(?:further|more|new|additional|fresh)\s+(?P<noun>talks|negotiations|meetings|sessions)\s+"
    r"(?:were|are|have\s+been|had\s+been|was|is)\s+(?:yet\s+|currently\s+)?(?:scheduled|planned|set|arranged|announced)\b",
    re.I)
# "The strike showed no signs of ending": when it ends is not known.
_CUE_NO_END = re.compile(
    r"\s+(?:shows?|showed|showing|has\s+shown|gave|gives)\s+(?:no|little)\s+signs?\s+of\s+(?:ending|abating|"
    r"easing|letting\s+up|winding\s+down|being\s+resolved)\b", re.I)
_CUE_YET_TO = re.compile(
    r"\b(?:has|have|had)\s+(?:yet\s+to\s+(?P<verb>[a-z]+)|not\s+(?:yet\s+)?(?P<past>responded|replied|reacted|answered))"
    r"(?P<rest>)", re.I)
_CUE_NO_REPLY = re.compile(
    r"\s+(?:has|have|had)\s+(?:received|got|drawn|had)\s+no\s+(?:reply|response|answer|reaction)"
    r"(?:\s+(?:from|by)\s+(?P<from>(?=\S)))?", re.I)
_CUE_PENDING = re.compile(
    r"\s+(?:is|are|remains|remain)\s+(?:also\s+)?(?:still\s+(?:also\s+)?(?:hanging|pending|unanswered|unresolved|open|undecided"
    r"|on\s+the\s+table|up\s+in\s+the\s+air)|(?:unanswered|unresolved|undecided|pending)"
    # "automation remains a critical unresolved issue", "pensions are a key sticking point"
    r"|(?:still\s+)?an?\s+(?:[\w-]+\s+)?(?:unresolved|open|outstanding)\s+(?:issue|question|point|matter)"
    r"|(?:still\s+)?an?\s+(?:[\w-]+\s+)?sticking\s+point)\b(?!\s+to\b)", re.I)
# "The deal still has to be ratified by members", "must still be approved", "details still need to be worked out":
# a step the text says is still to come. Without "still" only a decision is ("must be ratified"), not "must be rebuilt".
_DECISION_PARTICIPLES = r"approved|ratified|signed|finali[sz]ed|confirmed|cleared|passed|endorsed|voted\s+on"
_CUE_STILL_TO_BE = re.compile(
    r"\s+(?:(?:still\s+(?:has|have|had|needs?|needed|must)|(?:has|have|had|needs?)\s+still)\s+(?:to\s+)?be|must\s+still\s+be"
    r"|(?:still\s+)?(?:remains?|remained)\s+to\s+be)\s+(?P<part>(?:worked|hammered|ironed|sorted)\s+out|voted\s+on|[a-z]+ed)\b"
    rf"|\s+(?:must|(?:has|have|needs?|need)\s+to|(?:would|will)\s+(?:have|need)\s+to)\s+be\s+(?P<decided>{_DECISION_PARTICIPLES})\b",
    re.I)
# "negotiations remain at a standstill", "talks had led nowhere", "no meaningful movement to report", "the
# current labor deadlock": talks that are stuck, so whether they end in an agreement is open.
_CUE_STALLED = re.compile(
    r"\b(?:talks|negotiations|bargaining)\b(?:\s+[\w’'-]+){0,8}?\s+(?:remain(?:s|ed)?|is|are|was|were|appear(?:s|ed)?"
    r"(?:\s+to\s+be)?|seem(?:s|ed)?(?:\s+to\s+be)?)\s+(?:still\s+)?(?:at\s+a\s+standstill|deadlocked|stalled)\b"
    r"|\bbr(?:ought|ing|ings)\s+(?:the\s+)?(?:talks|negotiations|bargaining)\s+to\s+a\s+(?:standstill|halt)\b"
    r"|\b(?:talks|negotiations)\s+(?:had\s+|have\s+|has\s+)?(?:led|went|gone|going|go)\s+nowhere\b"
    r"|\bno\s+(?:meaningful\s+|real\s+|significant\s+)?(?:movement|progress)\s+(?:to\s+report|(?:was|has\s+been|had\s+been)\s+made)\b"
    r"|\b(?:current|ongoing|continuing)\s+(?:labou?r\s+|contract\s+)?(?:deadlock|stalemate)\b"
    # "negotiations between the company and the regulator are still at an early stage": far from an agreement
    r"|\b(?:talks|negotiations)\b(?:\s+[\w’'-]+){0,8}?\s+(?:remain|are|were|is|was)\s+(?:still\s+)?"
    r"(?:at\s+an?\s+(?:very\s+)?early\s+stage|in\s+(?:their|the|an?)\s+(?:very\s+)?early\s+stages?)\b", re.I)
# "Microsoft is still working to resolve the regulator's concerns": an outcome sought, not reached.
_CUE_STILL_WORKING = re.compile(
    r"\s+(?:is|are|was|were|remains?|remained)\s+still\s+(?:working|trying|seeking|struggling|scrambling|racing|hoping|"
    r"fighting)\s+to\s+(?P<verb>resolve|settle|reach|secure|win|close|finali[sz]e|complete|overcome|end|address|ease|"
    r"restore|salvage|broker|strike|overturn|block|save)\b", re.I)
# "puts pressure on the agency to drop its appeal": a step others press for, not taken.
_CUE_PRESSURE = re.compile(
    r"\b(?:puts?|putting|piles?|piled|piling|adds?|added|adding|ramps?\s+up|ramped\s+up|increases?|increased|mounting)\s+"
    r"(?:more\s+|further\s+|new\s+|fresh\s+|added\s+|additional\s+)?pressure\s+on\s+"
    r"(?P<who>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4}|(?:the|its|their)\s+[a-z]+)\s+to\s+(?P<verb>[a-z]+)\b",
    re.I)
_CUE_NEGOTIATING = re.compile(
    r"\s+(?:is|are)\s+still\s+being\s+(?:negotiated|discussed|worked\s+out|finali[sz]ed|drafted)\b", re.I)
# "The fate of the crew remains unknown": a noun phrase whose content nobody knows yet, as the sentence's subject.
_CUE_NP_UNKNOWN = re.compile(
    # at the start of the sentence or of a clause: "..., though the details of the deal remain unclear"
    r"(?:^|(?:,|\b(?:though|although|but|while|and|yet|as|that|said|says))\s+)(?P<np>(?:(?:The|Their|Its|His|Her)\s+(?:[\w’'-]+\s+){0,2}?|(?!(?:and|but|or|yet|as|that|while|though|although|said|says|so)\s)[\w’'-]+\s+(?=(?:details|terms)\b))(?:fate|whereabouts|identity|identities|cause|causes|"
    r"motive|motives|origin|source|extent|size|scale|number|toll|cost|value|details|terms|content|contents|outcome|"
    r"timing|date|venue|location|future|prospects)"
    r"(?:\s+(?:of|for|behind)\s+[^,;:.?!]{2,80}?)?)"
    # "The terms of the deal, which comes months after ..., were not publicly released": an aside is read across
    r"(?:,\s+(?:which|that|who)\s+[^;:.?!]{3,160}?,)?\s+(?P<verb>remains|remain|remained|is|are|was|were|hangs|hang|hung)\s+"
    r"(?:still\s+|also\s+|now\s+)?(?:unknown|unclear|uncertain|not\s+(?:yet\s+|immediately\s+)?(?:known|clear)|a\s+mystery|"
    r"under\s+(?:investigation|review)|in\s+(?:doubt|limbo|the\s+balance|question)|up\s+in\s+the\s+air"
    # "were not publicly released", "are not yet public", "are being kept private", "are still under wraps"
    r"|not\s+(?:yet\s+)?(?:public|(?:been\s+)?(?:publicly\s+|yet\s+)?(?:released|disclosed|made\s+public|revealed))"
    r"|under\s+wraps|(?:being\s+)?kept\s+(?:private|secret|confidential|under\s+wraps)|confidential|secret)\b",
    re.I)
# "The envoy's statement puts the future of the talks in doubt": the same unknown, as an object.
_CUE_PUT_IN_DOUBT = re.compile(
    r"\b(?:puts?|putting|leaves?|leaving|left|throws?|threw|thrown|plunged?|plunges)\s+(?P<np>(?:the|its|their)\s+"
    r"(?:future|fate|outcome|prospects)\s+of\s+[^,;:.?!]{3,80}?)\s+(?:in|into)\s+(?:doubt|limbo|question|the\s+balance)\b",
    re.I)
# "The date of the next hearing has not been set": when (or, for a venue, where) is not known.
_CUE_DATE_NOT_SET = re.compile(
    r"^(?P<slot>(?:The|A|No)\s+(?:exact\s+|new\s+|final\s+)?(?:date|timing|time|day|venue|location|place))\s+"
    r"(?:of|for)\s+(?P<what>[^,;:.?!]{3,80}?)\s+(?:(?:has|have|had|was|were|is)\s+(?:not\s+(?:yet\s+)?(?:been\s+)?|"
    r"yet\s+to\s+be\s+)|(?:has|have|had)\s+yet\s+to\s+be\s+)(?:set|fixed|announced|decided|agreed|determined|"
    r"scheduled|named|disclosed|made\s+public)\b", re.I)
_CUE_NO_AGREEMENT = re.compile(
    r"\bno\s+(?:final\s+|formal\s+|firm\s+|overall\s+)?(?P<noun>agreement|deal|accord|settlement)\s+"
    r"(?:has|had|was|have|were)\s+(?:yet\s+)?been\s+(?:reached|finali[sz]ed|struck|signed|sealed|agreed)"
    r"(?:\s+(?:on|over|about)\s+(?P<what>(?=\S)))?", re.I)
_CUE_NO_DECISION = re.compile(
    r"\bno\s+(?:final\s+)?decision\s+(?:has|had|was|have)\s+(?:yet\s+)?been\s+(?:taken|made|reached)"
    r"(?:\s+(?:on|about)\s+(?P<what>(?=\S)))?", re.I)
_CUE_NO_DETAILS = re.compile(
    r"\b(?:(?:(?:has|have|had)\s+)?(?:gave|given|offered|provided)\s+(?:no|few|little)\s+|did\s+not\s+(?:give|offer|provide)\s+(?:any\s+|a\s+|an\s+)?|"
    r"has\s+not\s+(?:given|published)\s+(?:any\s+)?|without\s+(?:giving|providing|offering)\s+(?:any\s+|a\s+|an\s+)?)"
    r"(?P<noun>figure|number|estimate|details?|timeline|timetable|breakdown|reasons?|explanation)\s+"
    r"(?:for|of|on|about)\s+(?P<what>(?=\S))", re.I)
# "The order didn't detail the terms of the agreement": what the terms are is not known yet.
_CUE_NOT_DETAILED = re.compile(
    r"\b(?:did\s+not|didn['’]t|does\s+not|doesn['’]t|has\s+not|hasn['’]t|have\s+not|haven['’]t|would\s+not|"
    r"wouldn['’]t)\s+(?:yet\s+)?(?:detail|specify|spell\s+out|outline|set\s+out)\s+"
    r"(?P<np>(?:the|its|their|his|her)\s+[^,;:.?!“”\"]{3,80}?)(?=\s*[,;:.?!]|\s+(?:or|and|but|because|as|when)\s|\s*$)", re.I)
# "They refused to provide details.": a refusal whose object is what the sentence before says was found out.
_WITHHELD = re.compile(
    r"^(?:[\w.’'-]+\s+){1,4}?(?:refused|declined|would\s+not|wouldn['’]t|did\s+not|didn['’]t)\s+(?:to\s+)?"
    r"(?:(?:provide|give|offer|release|disclose|share)\s+(?:any\s+|further\s+|more\s+)?(?:details|specifics|information)"
    r"|elaborate)(?:\s+(?:on\s+(?:it|that|them|this)|further))?[.!]?$", re.I)
_FOUND_OUT = re.compile(r"\b(?:determined|identified|established|learned|discovered|found\s+out|know|knew|"
                        r"(?:was|were|are|is)\s+(?:now\s+)?(?:sure|certain))\s+(?P<wh>what|who|how|where|why|when)\b", re.I)
# "Just what NATO will do with the applicants is not clear": the unknown is the sentence's own subject.
_CUE_WH_SUBJECT = re.compile(
    r"^(?:(?:but|and|yet)\s+)?(?:(?:just|exactly|precisely|still)\s+)?(?P<wh>whether|how\s+many|how\s+much|how|what|"
    r"who|when|why|where|which)\s+(?P<clause>[^,;:.?!]{3,}?)\s+(?:is|was|remains|remained)\s+(?:still\s+|also\s+)?"
    r"(?:not\s+(?:yet\s+|immediately\s+|entirely\s+)?(?:clear|known|certain)|unclear|uncertain|unknown|an\s+open\s+question)\b"
    # "Whether the merger will go ahead depends on the regulator": not decided yet.
    r"|^(?:(?:but|and|yet)\s+)?(?P<wh2>whether)\s+(?P<clause2>[^,;:.?!]{3,}?)\s+(?:depends|depended|will\s+depend|hinges|"
    r"hinged|will\s+hinge|rests|turns)\s+on\b",
    re.I)
# "Contrary to other reports, police said the driver had not confessed": the sentence itself says that
# accounts differ, whether or not the other reports are among the documents.
_CUE_CONTRARY = re.compile(
    r"\b(?:contrary\s+to|in\s+contrast\s+to|at\s+odds\s+with)\s+(?:(?:the\s+|some\s+|many\s+)?(?:other|earlier|previous|"
    r"initial|first|media|press|news|published|local|foreign|several|some)\s+){0,2}(?:reports?|accounts?|claims?)\b", re.I)
_REPORTED_CLAIM = re.compile(r"\b(?:said|says|told\s+[\w ]+?|reported|confirmed|insisted)\s+(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)\s+)?"
                             r"(?:that\s+)?(?P<subj>[^,;:.?!]{2,80}?)\s+(?P<aux>is|are|was|were|has|have|had|will|would)\s+"
                             r"(?P<pred>[^,;:.?!]{3,})", re.I)
# "it, too, may have to be razed", "the plant might need to close": a step the text says could still be forced.
_CUE_MAY_HAVE_TO = re.compile(
    r"(?:,\s*(?:too|also|perhaps)\s*,)?\s+(?:may|might|could)\s+(?:(?:also|still|yet|even|eventually|ultimately|well)\s+)?"
    r"(?P<need>have|need)\s+to\s+(?=[a-z])", re.I)
# "are poised to intervene should peace efforts fail", "threatened to strike unless ...": a step held over
# a condition nobody knows the outcome of yet.
_CUE_THREAT = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|will|would|has|have|had|now|stands?|stood|remains?|remained|appears?|appeared|seems?|seemed)\s+)*"
    r"(?:poised|ready|prepared|threaten(?:s|ed|ing)?|vow(?:s|ed)|warned\s+(?:that\s+)?(?:it|they|he|she)\s+(?:would|will))"
    r"\s+(?:to\s+)?(?P<verb>[a-z]+)\b(?P<rest>[^,;:.?!]*?)\s*,?\s+(?:should|if|unless)\s+[^,;:.?!]{3,}", re.I)
# "sets up a clash if the administration does not comply", "could be back this week if he agrees to be
# extradited", "If the deal is approved, ...": a condition whose outcome nobody knows yet.
_DECIDING_VERBS = {"agree": "agrees", "accept": "accepts", "approve": "approves", "reject": "rejects",
                   "decide": "decides", "comply": "complies", "vote": "votes", "sign": "signs", "appeal": "appeals",
                   "refuse": "refuses", "rule": "rules", "ratify": "ratifies", "withdraw": "withdraws",
                   "relent": "relents", "return": "returns", "release": "releases"}
_DECIDED_PARTICIPLES = (r"approved|accepted|rejected|ratified|convicted|acquitted|extradited|released|confirmed|signed|"
                        r"passed|charged|indicted|granted|upheld|overturned|found\s+guilty|deported|returned")
_CUE_IF = re.compile(
    r"\b(?:if|unless)\s+(?P<subj>(?:the|a|an|his|her|its|their)(?:\s+[\w’'.-]+){1,6}?|he|she|they|it|"
    r"(?-i:[A-Z])[\w’'.-]*(?:\s+[\w’'.-]+){0,6}?)\s+"
    rf"(?P<vp>(?P<third>{'|'.join(_DECIDING_VERBS.values())})"
    rf"|(?:does|do)\s+not\s+(?P<neg>{'|'.join(_DECIDING_VERBS)})|(?:doesn['’]t|don['’]t)\s+(?P<neg2>{'|'.join(_DECIDING_VERBS)})"
    rf"|(?:is|are)\s+(?P<part>{_DECIDED_PARTICIPLES}))\b(?P<rest>[^,;:.?!“”\"—–]*)", re.I)
_CUE_IF_FRONT = re.compile(rf"^(?:If|Unless)\s+(?P<part>{_DECIDED_PARTICIPLES})\s*,\s*(?P<subj>[^,;:.?!]{{2,60}}?)\s+"
                           r"(?:faces|face|could|would|will|may|might)\b", re.I)
# "would not rule out holding the government in contempt": a step still open.
_CUE_RULE_OUT = re.compile(
    r"\b(?:(?:would|will|did|does|do|could|has|have)\s+not|wouldn['’]t|won['’]t|didn['’]t|doesn['’]t|hasn['’]t|"
    r"refused\s+to|declined\s+to|not)\s+(?:rule|ruling|ruled)\s+out\s+(?P<ing>[a-z]+ing)\b(?P<rest>[^,;:.?!]*)", re.I)
# "suggested the case may return to the Supreme Court", "raising the prospect that the judge could ...".
_CUE_PROSPECT = re.compile(
    r"\b(?:suggest(?:ed|s|ing)?|rais(?:ed|es|ing)\s+the\s+(?:prospect|possibility)|signal(?:ed|led|s|ing)?)\s+(?:that\s+)?"
    r"(?P<subj>(?:the|a|an|its|their|his|her|[A-Z][\w’'.-]*)(?:\s+[\w’'.-]+){0,6}?)\s+(?:may|might|could)\s+"
    r"(?:(?:still|yet|soon|eventually|well|also)\s+)?(?P<vp>[a-z]+\b[^,;:.?!]*)")
# "appears reluctant to comply", "is unlikely to sign": a step in doubt.
_CUE_RELUCTANT = re.compile(
    r"\s+(?:appears?|appeared|seems?|seemed|is|are|was|were|remains?|remained)\s+(?:still\s+|now\s+)?"
    r"(?:reluctant|unwilling|hesitant|loath|unlikely)\s+to\s+(?P<vp>[a-z]+\b[^,;:.?!]*)", re.I)
# "demanded details from the administration about ... and what steps officials are taking": what was asked for.
_CUE_DEMANDED = re.compile(
    r"\b(?:demand(?:ed|s|ing)?|sought|seek(?:s|ing)?|request(?:ed|s|ing)?|ask(?:ed|s|ing)?\s+for|press(?:ed|es|ing)?\s+for)\s+"
    r"(?:more\s+|further\s+|fuller\s+)?(?:details|information|answers|an\s+explanation)\s+(?:from\s+[^,;:.?!]{2,60}?\s+)?"
    r"(?:about|on|as\s+to|regarding)\s+", re.I)
# "has asked an appeals court to throw out the ruling", "are asking a federal judge to grant expedited handling":
# a request before whoever decides it, not decided yet.
_CUE_ASKED_COURT = re.compile(
    r"\b(?:ask(?:ed|s|ing)?|petition(?:ed|s|ing)?|urg(?:ed|es|ing)|call(?:ed|s|ing)\s+on|filed\s+a\s+motion\s+asking)\s+"
    r"(?P<who>(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:judge|court|justices|panel|board|commission|tribunal))\s+to\s+"
    r"(?P<vp>[a-z]+\b[^,;:.?!“”\"]*)", re.I)
# "a tentative agreement on a new contract, subject to ratification": approval still to come.
_CUE_SUBJECT_TO = re.compile(
    r"(?P<np>\b(?:an?|the)\s+(?:(?!(?:an?|the)\s)[\w’'-]+\s+){0,8}?(?:agreement|deal|contract|accord|settlement|merger|takeover|acquisition|"
    r"sale|plan|treaty)(?:\s+of\s+[^,;:.?!]{2,60}?)?)\s*,?\s+(?:(?:which\s+)?(?:is|remains|are)\s+(?:still\s+)?)?subject\s+to\s+"
    r"(?P<what>ratification|approval|(?:[\w-]+\s+){1,2}approval|a\s+(?:vote|ballot))\b", re.I)
# "The companies are at odds about who should pay", "remained far apart on the need to phase out ...",
# "are at an impasse over whether the treaty should cap output": the reporter says the sides differ on a point,
# which stays open until they agree or someone decides it, whatever the story's topic. The sides' state, not a
# noun: "invaded because of disputes over oil", "nor any disagreement over policy" name a cause or deny one.
_CUE_DISPUTE = re.compile(
    r"\b(?:at\s+odds|at\s+(?:an\s+)?impasse|at\s+loggerheads|deadlocked|divided|split|far\s+apart|"
    r"(?:dis)?agree(?:d|s)?\s+(?=(?:about|over|on|as\s+to)\s+(?:whether|who|how|what|which|when|where)\b)|"
    r"disagree(?:d|s|ing)?|clash(?:ed|es|ing)?|wrangl(?:ed|es|ing)|feud(?:ed|s|ing)|differ(?:ed|s)?)\s+"
    r"(?:sharply\s+|deeply\s+|bitterly\s+|publicly\s+|still\s+|mainly\s+|chiefly\s+)?"
    r"(?:about|over|on|as\s+to|regarding)\s+(?=\S)", re.I)
# "ends a two-year dispute over", "after a standoff over", "resolving their differences": a dispute over and done.
_DISPUTE_ENDED = re.compile(r"\b(?:end(?:s|ed|ing)?|settl\w*|resolv\w*|resolution\s+(?:of|to)|clos(?:e|es|ed|ing)|after|"
                            r"following|had\s+been|once)\s+(?:(?:a|an|the|its|their|this|that|months|years|weeks)\s+)?"
                            r"(?:[\w-]+\s+){0,3}$", re.I)
# Words before the cue that make "split"/"divided"/"fight" mean something else: "split on Tuesday", "fight on".
_DISPUTE_SIDES = re.compile(r"\b(?:are|is|were|was|remain(?:s|ed)?|stay(?:s|ed)?|been|be|sides|parties|they|"
                            r"countries|nations|companies|groups|lawmakers|members|delegates|leaders)\s+"
                            r"(?:(?:still|also|now|sharply|deeply|bitterly|publicly|openly|widely)\s+)*$", re.I)
# A sentence's own subject, for a verb phrase joined by "and"/"although" whose subject is "it" or left out.
_SENTENCE_SUBJECT = re.compile(
    r"^(?P<np>(?:[A-Z][\w’'.-]*|the|its|their)(?:\s+(?:[A-Z][\w’'.-]*|of|in|at|for|es|de|[a-z][\w’'-]*(?<!ed)))"
    r"{0,6}?)\s+(?:[a-z]+ed|is|are|was|were|has|have|had|will|would|can|could|may|might|must|says?|said|took|"
    r"made|went|came|saw|got|gave|held|found|kept|fell|rose|stood|left|lost|won|led|ran|began|brought|sent|told)\b")
# "the expulsions and Tanzania's police could not be reached": a new clause with its own subject.
_NEW_SUBJECT = re.compile(r"\s+(?:and|but)\s+(?=[A-Z]|(?:the|its|their|a|an)\s+(?:[\w'’-]+\s+){0,3}?"
                          r"(?:could|would|did|was|were|is|are|has|have|had|said|says|will)\b)")

# Words a noun phrase or a subject starts with: "how large [the] payments could be".
_PHRASE_STARTS = {"the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "it", "they", "such"}
_AUXES = {"will", "would", "could", "can", "should", "may", "might", "must", "shall", "is", "are", "was", "were",
          "has", "have", "had", "does", "do", "did"}
# A full stop ends a clause, not the one of "Mr." or "U.S.".
_CLAUSE_END = re.compile(r",(?!\d)|;|:|\s[—–-]\s|\(|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bGen)"
                         r"(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\b[A-Z])\.(?=\s|$)|[?!]|[“”\"]|\s+according\s+to\s")
# Shared with the answer engine: "When is the next round?" is answered by "no date has been set for ...".
NO_DATE, CLAUSE_END = _CUE_NO_DATE, _CLAUSE_END  # shared with the answer engine
_SUBJECT_START = re.compile(r"(?:^|[,;:“”\"(—–]|\b(?:and|but|while|although|though|because|since|after|before|until|"
                            r"unless|whereas|if|when)\s)\s*", re.I)
_SAID_THAT = re.compile(r"^.*\b(?:said|says|told\s+[\w ]+?|added|noted|reported|confirmed)\s+(?:that\s+)?", re.I)
_SAID_BY = re.compile(r"^(?P<who>[A-Z][\w .'’-]*?)\s+(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:they|it|he|she)\b")
_TRAILING_SAID = re.compile(r"\s+(?:officials|diplomats|sources|they|he|she|it)\s+(?:said|say|says|told\s+\w+)\s*$", re.I)
_PERSON = re.compile(r"\b(?:officials?|spokes(?:man|woman|person)|minister|president|aide|diplomats?|negotiators?|"
                     r"sources?|envoy|secretary|chief|director|advis[eo]r|analysts?|he|she|they)\b", re.I)
# Words written in capitals at the start of a sentence that a question writes in lower case.
_DETERMINER = {"The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our",
               "They", "It", "He", "She", "We", "Any", "Every", "Each"}
_EVENT = re.compile(
    r"\b(?:the|a|an)\s+(?:[\w’'-]+\s+){0,3}?(?:round\s+of\s+(?:[\w-]+\s+)?(?:talks|negotiations)|meeting|summit|"
    r"talks|negotiations|visit|vote)(?:\s+(?:of|between|in)\s+(?:[A-Z][\w’'-]*|trade\s+\w+|the\s+\w+)(?:\s+and\s+[A-Z]\w+)?)?")
_BOILERPLATE = re.compile(r"request(?:s)?\s+for\s+comment|\bcomment\b", re.I)
_ON_WHOM = re.compile(r"^,\s+and\s+((?:on|to|for|with|by|from)\s+)?(whom|when|how|where|why|what|who)\b(?=\s*[:;,.])", re.I)



@dataclass(frozen=True)
class Cue:
    question: str
    kind: str  # questions of one kind may merge on context alone
    focus: frozenset[str]  # stems of the words the question is built from
    context: frozenset[str]  # stems of the whole cue sentence
    strength: float

    def to_json(self) -> list:
        return [self.question, self.kind, sorted(self.focus), sorted(self.context), self.strength]

    @classmethod
    def from_json(cls, row: list) -> Cue:
        question, kind, focus, context, strength = row
        return cls(question, kind, frozenset(focus), frozenset(context), strength)


def may_read_previous(text: str) -> bool:
    """Whether `cue_questions` may read the sentence before this one for more than a final "them" (which it
    asks `antecedent` for): a refusal to give details points back to what that sentence says was found out."""
    return _WITHHELD.match(text[dateline_length(text):]) is not None


def cue_questions(text: str, *, previous: str | None = None,
                  antecedent: Callable[[str], str | None] | None = None) -> list[Cue]:
    """Every question one sentence's cues support, in reading order; `previous` resolves a final "them".

    `antecedent(previous)`: the plural object "them" points back to (a parse; `plural_object` by default).
    """
    text = text[dateline_length(text):]  # "LONDON (Wire) - Apple has not decided whether": Apple is the subject
    found: list[tuple[int, Cue]] = []
    context: list[frozenset] = []  # the sentence's stems, worked out for its first cue (most sentences have none)
    subjects: list[str] = []  # clause subjects seen so far, for "they"/"it" later in the sentence

    def add(start: int, question: str | None, kind: str, focus_text: str, strength: float) -> None:
        if question and previous and re.search(r"\sthem[.?]?$", question):
            antecedent_ = (antecedent or plural_object)(previous)
            question = question[: question.rfind(" them")] + f" {antecedent_}" if antecedent_ else question
        if question and len(question.split()) >= 3:
            if not context:
                context.append(frozenset(stems(text)))
            if _VAGUE_SUBJECT.match(question):  # "Will she issue an injunction?": true, but who is she
                strength -= VAGUE_PENALTY
            found.append((start, Cue(_tidy(question), kind, frozenset(stems(focus_text)), context[0], strength)))

    for m in _CUE_UNKNOWN.finditer(text):
        # Whoever orders an assessment is not what "it" in "what it would cost" stands for.
        speaker = None if m.group("inquiry") else _subject_before(text, m.start())
        # "A federal judge has delayed a ruling on whether to ...": the judge, without the auxiliary
        speaker = speaker and re.sub(r"\s+(?:has|have|had|is|are|was|were)$", "", speaker, flags=re.I)
        if speaker and speaker.lower() in ("they", "it", "he", "she"):  # "The union said it had not decided whether"
            said = _SAID_BY.match(text)
            speaker = said.group("who") if said and len(said.group("who").split()) <= 6 else speaker
        earlier = _plural_phrase(text[: m.start()])
        q, subject = _wh_question(m.group("wh"), text, m.end(), subjects + ([earlier] if earlier and not subjects else []),
                                  speaker)
        if subject:
            subjects.append(subject)
        # A refusal is tied to one briefing and is often answered days later; "remains unclear" is not.
        # So is one speaker's "he did not know where": the investigation's "have not determined where" is not.
        refused = re.match(r"(?:declined|refused|did|didn|would|wouldn|could|will|won)\b(?!\s+(?:rule|decide)\b)",
                           m.group(0), re.I)
        add(m.start(), q, "whether" if m.group("wh").lower() in ("whether", "if") else "wh", q or "",
            0.7 if refused else 1.0)
    for m in _CUE_NO_DATE.finditer(text):
        what = _clause(text, m.start("what")) if m.start("what") >= 0 else None
        if not what:
            event = _EVENT.search(text)
            what = event.group() if event else None
        if what:
            to_verb = re.match(r"(.+?)\s+to\s+([a-z]+)(.*)$", what)
            q = f"When will {_the(to_verb[1])} {to_verb[2]}{to_verb[3]}" if to_verb else _takes_place(what)
            add(m.start(), q, "when", what, 1.2)
    for m in _CUE_NONE_SCHEDULED.finditer(text):  # "The union said no further talks were scheduled."
        add(m.start(), f"When will the {m.group('noun').lower()} resume", "when", f"{m.group('noun')} resume", 1.1)
    for m in _CUE_NO_END.finditer(text):  # "A strike at the port showed no signs of ending Friday"
        subject = _subject_before(text, m.start())
        if subject and subject.lower() not in ("it", "they", "this", "that"):
            add(m.start(), f"When will {_the(subject)} end", "when", f"{subject} end", 1.0)
    slot = _CUE_DATE_NOT_SET.match(text)
    if slot:
        what = _TRAILING_SAID.sub("", slot.group("what")).strip()
        add(0, _takes_place(what, slot.group("slot").split()[-1]), "when", what, 1.2)
    for m in _CUE_SLOT.finditer(text):
        for q, kind, focus in _slot_questions(m.group("verb").lower(), _clause(text, m.end())):
            add(m.start(), q, kind, focus, 1.0)
    np_unknown = None if slot else _CUE_NP_UNKNOWN.search(text)
    if np_unknown:
        verb = {"remains": "is", "remain": "are", "remained": "was", "hangs": "is", "hang": "are",
                "hung": "was"}.get(np_unknown.group("verb").lower(), np_unknown.group("verb").lower())
        np = _lower_det(np_unknown.group("np"))
        if np.split()[0].lower() not in _PHRASE_STARTS:  # "Contract details are being kept private": the details
            first = np.split()[0]
            np = f"the {first[0].lower() + first[1:] if not first.isupper() else first}{np[len(first):]}"
        timed = re.match(r"the\s+(timing|date|venue|location)\s+(?:of|for)\s+(.+)$", np, re.I)
        if timed:  # "The timing of the vote remains uncertain": when will the vote take place?
            add(np_unknown.start("np"), _takes_place(timed.group(2), timed.group(1)), "when", timed.group(2), 1.2)
        else:  # "the motive remains unknown" is the story's one motive question
            kind = "motive" if re.search(r"\bmotives?\b", np, re.I) else "wh"
            add(np_unknown.start("np"), f"What {verb} {np}", kind, np, 1.0)
    for m in _CUE_YET_TO.finditer(text):
        if slot and m.start() < slot.end():
            continue  # "the date of the hearing has yet to be set": asked above as when
        verb = (m.group("verb") or {"responded": "respond", "replied": "reply", "reacted": "react",
                                    "answered": "answer"}[m.group("past").lower()]).lower()
        rest = _clause(text, m.end())
        if verb in ("say", "decide", "announce", "confirm", "disclose") and re.match(rf"(?:{_WH})\b", rest, re.I):
            continue  # a wh-clause: _CUE_UNKNOWN already asked it
        if verb == "comment" or _BOILERPLATE.search(rest):
            continue  # "has yet to respond to a request for comment" is newsroom routine, not an open point
        subject = _subject_before(text, m.start())
        if subject and subject.lower() in ("they", "it"):  # "Kyiv said it had yet to receive a reply": Kyiv
            said = _SAID_BY.match(text)
            subject = said.group("who") if said and len(said.group("who").split()) <= 6 else subject
        if subject:
            subjects.append(subject)
            add(m.start(), f"Will {_lower_det(subject)} {verb} {rest}", "response", f"{subject} {verb} {rest}", 1.1)
    for m in _CUE_NO_REPLY.finditer(text):
        subject = _subject_before(text, m.start())
        sender = _clause(text, m.start("from")) if m.start("from") >= 0 else None
        if subject:
            q = f"Will {_lower_det(sender)} reply to {_lower_det(subject)}" if sender else f"Will {_lower_det(subject)} get a reply"
            add(m.start(), q, "response", f"{subject} {sender or ''} reply", 1.1)
    for m in _CUE_PENDING.finditer(text):
        subject = _subject_before(text, m.start())
        if subject:
            words = {w.lower() for w in re.findall(r"[\w’']+", subject)}
            # A request or a case before someone who decides it: settled by a newer report of the decision.
            decided = "decision" if words & _DECIDED_THINGS else "pending"
            if words & {"offer", "invitation"}:
                q = f"Will anyone take up {_lower_det(subject)}"
            elif words & {"proposal", "request", "demand", "plan", "bid", "application", "petition", "motion"}:
                q = f"Will {_lower_det(subject)} be accepted"
            elif words & {"approval", "decision", "ruling", "verdict", "judgment", "judgement"}:
                # "his approval is still pending": settled by a newer report of the decision, whatever its words
                q = (f"Will {_lower_det(subject)} be given" if "approval" in words
                     else f"What will {_lower_det(subject)} be")
                add(m.start(), q, "decision", subject, 1.0)
                continue
            else:
                q = f"How will {_lower_det(subject)} be resolved"
            add(m.start(), q, decided, subject, 1.0)
    for m in _CUE_STILL_TO_BE.finditer(text):
        # "there are critical matters [that] still need to be agreed": the matters, unnamed, so ranked lower
        own = _own_subject(text, m.start()) or ""
        subject = re.sub(r"^there\s+(?:is|are|were|was)\s+", "", own, flags=re.I)
        if subject:
            part = (m.group("part") or m.group("decided")).lower()
            rest = _clause(text, m.end())
            rest = f" {rest}" if rest else ""
            add(m.start(), f"Will {_lower_det(subject)} be {part}{rest}", "whether", f"{_head_noun(subject)} {part}{rest}",
                0.9 if subject == own else 0.8)  # a step to come ranks after an explicit unknown, with a stated disagreement
    for m in _CUE_NEGOTIATING.finditer(text):
        subject = _subject_before(text, m.start())
        if subject:
            head = subject.split()[-1].lower() if " of " not in subject else subject.split(" of ")[0].split()[-1].lower()
            q = (f"What will {_lower_det(subject)} be" if head in {"terms", "details", "conditions", "list", "lists", "text",
                                                              "wording", "size", "amount", "timing"}
                 else f"How will {_lower_det(subject)} be settled")
            add(m.start(), q, "settle", subject, 0.9)
    for m in _CUE_NO_AGREEMENT.finditer(text):
        what = _clause(text, m.start("what")) if m.start("what") >= 0 else None
        noun = m.group("noun").lower()
        if what:
            add(m.start(), f"Will {'a' if noun[0] not in 'aeiou' else 'an'} {noun} be reached on {what}", "agreement",
                f"{noun} reached {what}", 1.0)
        else:  # "progress has been made on the maps, but no agreement has been finalized": the talks' own question
            add(m.start(), f"Will {'a' if noun[0] not in 'aeiou' else 'an'} {noun} be reached", "agreement",
                f"{noun} reached", 0.8)
    stalled = _CUE_STALLED.search(text)
    if stalled and not _CUE_NO_AGREEMENT.search(text):  # asked once, as "no agreement has been reached" asks it
        add(stalled.start(), "Will an agreement be reached", "agreement", "agreement reached", 0.8)
    for m in _CUE_STILL_WORKING.finditer(text):
        subject = _own_subject(text, m.start())
        if subject:
            rest = _clause(text, m.end())
            add(m.start(), f"Will {_lower_det(subject)} {m.group('verb').lower()} {rest}", "whether",
                f"{_head_noun(subject)} {m.group('verb')} {rest}", 0.9)
    for m in _CUE_PRESSURE.finditer(text):
        rest = _clause(text, m.end())
        add(m.start(), f"Will {_lower_det(m.group('who'))} {m.group('verb').lower()} {rest}", "whether",
            f"{m.group('who')} {m.group('verb')} {rest}", 0.8)
    for m in _CUE_NO_DECISION.finditer(text):
        what = _clause(text, m.start("what")) if m.start("what") >= 0 else None
        if what and not re.match(rf"(?:{_WH})\b", what, re.I):  # without its object the question would have to be guessed from context
            add(m.start(), f"What will be decided on {what}", "decision", what, 0.9)
    for m in _CUE_NO_DETAILS.finditer(text):
        if re.match(rf"(?:{_WH})\b", text[m.start("what"):], re.I):
            continue
        what, noun = _clause(text, m.start("what")), m.group("noun").lower()
        what = _NEW_SUBJECT.split(what)[0] if what else what
        if what and noun.startswith(("reason", "explanation")):
            if len(what.split()) <= 10:
                add(m.start(), f"What was the reason for {what}", "wh", what, 0.9)
        elif what:
            q = f"What are the details of {what}" if noun.startswith("detail") else f"What is the {noun} for {what}"
            add(m.start(), q, "wh", what, 0.8)
    for m in _CUE_PUT_IN_DOUBT.finditer(text):
        np = m.group("np")
        add(m.start("np"), f"What {'are' if np.lower().split()[1] == 'prospects' else 'is'} {_lower_det(np)}", "wh",
            np, 1.0)
    for m in _CUE_NOT_DETAILED.finditer(text):
        np = m.group("np")
        if len(np.split()) >= 3:  # "did not specify the amount": which amount, the question cannot say
            add(m.start(), f"What {'are' if _plural_subject(np) else 'is'} {_lower_det(np)}", "wh", np, 0.9)
    for m in _CUE_DISPUTE.finditer(text):
        for q, kind, focus in _dispute_questions(text, m, subjects):
            add(m.start(), q, kind, focus, 0.9)  # a stated disagreement ranks after an explicit unknown
    contrary = _CUE_CONTRARY.search(text)
    if contrary:
        q = _disputed_question(text, contrary.end())
        if q:
            add(contrary.start(), q, "disputed", q, 1.2)
    for m in _CUE_MAY_HAVE_TO.finditer(text):
        subject = _own_subject(text, m.start())
        if subject:
            rest = _clause(text, m.end())
            add(m.start(), f"Will {_lower_det(subject)} {m.group('need').lower()} to {rest}", "whether",
                f"{_head_noun(subject)} {rest}", 0.8)
    for m in _CUE_IF.finditer(text):
        subject = _named(m.group("subj"), text)
        if not subject:
            continue
        if m.group("part"):
            vp = f"be {m.group('part')}"
        else:
            verb = (m.group("neg") or m.group("neg2") or m.group("third")).lower()
            vp = next((base for base, third in _DECIDING_VERBS.items() if third == verb), verb)
        rest = m.group("rest").rstrip()
        add(m.start(), f"Will {_lower_det(subject)} {vp}{rest}", "whether", f"{subject} {vp}{rest}", 0.8)
    front = _CUE_IF_FRONT.match(text)
    if front:  # "If convicted, the driver faces ten years": will the driver be convicted?
        add(0, f"Will {_lower_det(front.group('subj'))} be {front.group('part')}", "whether",
            f"{front.group('subj')} {front.group('part')}", 0.8)
    for m in _CUE_RULE_OUT.finditer(text):
        before = _subject_before(text, m.start()) or ""
        subject = _named(before, text) or before  # "she would not rule out": asked, ranked after named ones
        if subject:
            add(m.start(), f"Will {_lower_det(subject)} end up {m.group('ing').lower()}{m.group('rest').rstrip()}",
                "whether", f"{subject} {m.group('ing')}{m.group('rest')}", 0.9)
    for m in _CUE_PROSPECT.finditer(text):
        subject = _named(m.group("subj"), text)
        if subject:
            add(m.start(), f"Will {_lower_det(subject)} {m.group('vp')}", "whether", f"{subject} {m.group('vp')}", 0.9)
    for m in _CUE_RELUCTANT.finditer(text):
        before = re.sub(r",\s*(?:however|though|too|also|meanwhile|still|now)\s*,?\s*$", "", text[:m.start()])
        subject = _own_subject(before, len(before))
        if subject:
            add(m.start(), f"Will {_lower_det(subject)} {m.group('vp')}", "whether", f"{subject} {m.group('vp')}", 0.9)
    for m in _CUE_SUBJECT_TO.finditer(text):  # settled by a newer lead reporting the vote or the approval
        done = "ratified" if m.group("what").lower() == "ratification" else "approved"
        add(m.start(), f"Will {_the(m.group('np'))} be {done}", "whether", f"{m.group('np')} {done}", 1.0)
    for m in _CUE_ASKED_COURT.finditer(text):  # settled by a newer lead reporting the ruling, in its own words
        vp = m.group("vp").rstrip()
        add(m.start(), f"Will {_the(m.group('who'))} {vp}", "decision", f"{m.group('who')} {vp}", 1.0)
    for m in _CUE_DEMANDED.finditer(text):
        asked = re.compile(rf"(?:^|\s(?:and|or)\s+)(?P<wh>{_WH})\s+").search(_clause(text, m.end()))
        if asked:
            q, _ = _wh_question(asked.group("wh"), text, m.end() + asked.end(), [], None)
            add(m.start(), q, "wh", q or "", 1.0)
    for m in _CUE_THREAT.finditer(text):
        subject = _own_subject(text, m.start())
        if subject:
            add(m.start(), f"Will {_lower_det(subject)} {m.group('verb').lower()}{m.group('rest')}", "whether",
                f"{_head_noun(subject)} {m.group('verb')}{m.group('rest')}", 0.9)
    subject_cue = _CUE_WH_SUBJECT.match(text)
    if subject_cue:
        wh = subject_cue.group("wh") or subject_cue.group("wh2")
        clause = subject_cue.group("clause") or subject_cue.group("clause2")
        q, _ = _wh_question(wh, clause + ".", 0, [], None)
        add(0, q, "whether" if wh.lower() == "whether" else "wh", q or "", 1.0)
    withheld = previous and not found and _WITHHELD.match(text)
    known = withheld and _FOUND_OUT.search(previous)
    if known:  # "... had determined what the bomb was made of. They refused to provide details."
        q, _ = _wh_question(known.group("wh"), previous, known.end(), [], None)
        add(0, q, "wh", q or "", 0.9)
    return [c for _, c in sorted(found, key=lambda pair: pair[0])]


def _slot_questions(verb: str, obj: str) -> list[tuple[str, str, str]]:
    """What a sentence says is not known about someone: 'the gunman's name or whereabouts or have a motive for
    the killing' -> who the gunman is, where he is, the motive for the killing; with its kind and focus words."""
    owner = _SLOT_OWNER.match(obj)
    who = owner.group("owner") if owner else None
    out = []
    slots = {m.group("slot").lower().rstrip("s") if m.group("slot").lower() != "whereabouts" else "whereabouts": m
             for m in _SLOT_WORD.finditer(obj)}
    if who and ("name" in slots or "identity" in slots or "identitie" in slots):
        out.append((f"Who is {_lower_det(who)}", "identity", f"{who} identity"))
    if who and "whereabouts" in slots:
        out.append((f"Where is {_lower_det(who)}", "whereabouts", f"{who} whereabouts"))
    motive = slots.get("motive")
    if motive:
        if motive.group("what"):
            out.append((f"What was the motive for {_lower_det(motive.group('what'))}", "motive", f"motive {motive.group('what')}"))
        elif who:
            out.append((f"What was {_lower_det(who)}'s motive", "motive", f"motive {who}"))
        else:
            out.append(("What was the motive", "motive", "motive"))
    person = _PERSON_NOUN.match(obj)
    if not slots and person and verb in ("identify", "identified"):
        obj = re.split(r"\s+(?:that|which|in\s+an?|on|at|after|before)\s", obj, maxsplit=1)[0]
        obj = obj if len(obj.split()) <= 10 else person.group()  # "the gunman who killed ...": who, not all he did
        if obj:
            head = person.group("head").lower()
            plural = head.endswith(("s", "men")) or head in ("people", "dead")
            out.append((f"Who {'are' if plural else 'is'} {_lower_det(obj)}", "identity", f"{obj} identity"))
    return out


_OR_IF = re.compile(r"\s*,\s*(?:or|and)\s+(?:if|whether)\s*,\s*", re.I)
# A past verb right after "what"/"who": the wh-word is its subject ("what caused the fire", "who ordered it").
_PAST_VERB = re.compile(r"^(?:[a-z]+ed|happened|led|made|brought|took|sent|set|began|gave|shot|hit|struck|won|lost|"
                        r"wrote|told|drove|sold|bought|paid|built|broke|stole|left|fired|ran)$")
_SECOND_WH = re.compile(r"\s*(?:and|or)\s+(when|how|where|why|what|who)\s+", re.I)
_DECIDED_THINGS = {"request", "bid", "application", "petition", "motion", "appeal", "appeals", "lawsuit", "suit",
                   "case", "complaint", "proposal"}
# A question whose subject is a bare pronoun names nobody: ranked after one that does, never dropped.
_VAGUE_SUBJECT = re.compile(r"^(?:[A-Z][a-z]*\s+)?(?:he|she|they|his|her|their)\b(?!\s+\w+\s+of\b)")
VAGUE_PENALTY = 0.5
_SHORT_QUOTE = re.compile(r"[“\"]([^“”\"]{1,40})[”\"]")
_NEXT_WH = re.compile(r"\s+(?:and|or)\s+(?=(?:what|when|how|who|where|why|whether)\b)", re.I)
_REMARK_CHARS = 120  # the longest remark between commas that a clause is read across


def _wh_question(wh: str, text: str, start: int, subjects: list[str], speaker: str | None) -> tuple[str | None, str | None]:
    """'whether X would Y' -> 'Would X Y?', 'how they would be Z' -> 'How would <they> be Z?'; also returns X."""
    wh = " ".join(wh.lower().split())
    second = _SECOND_WH.match(text, start)
    if second and wh in ("whether", "if"):  # "if and when the talks will resume": when
        wh, start = second.group(1).lower(), second.end()
    aside = _OR_IF.match(text, start)
    if aside:  # "when, or if, the embassy will reopen": when
        start = aside.end()
    # "what "alternative options" the US was considering": a phrase quoted inside the clause is part of it
    text = text[:start] + _SHORT_QUOTE.sub(r"\1", text[start:])
    clause = _clause(text, start)
    # "where the man was being held or any more details": the question is the clause, not the request
    clause = re.sub(r"\s+(?:or|and|nor)\s+(?:any\s+)?(?:more|further|other)?\s*(?:details|information|comment)$", "", clause)
    # "on when the sale will close and what structure it will take": the first of two questions
    clause = _NEXT_WH.split(clause, maxsplit=1)[0] if clause else clause
    if not clause:
        return None, None
    m = _clause_end(text, start)
    if m and text[m.start()] == "," and not any(w.lower() in _AUXES for w in clause.split()):
        # "whether the two sides, which met on Monday, would meet again": the clause goes on after the remark
        close = text.find(",", m.end())
        rest = _clause(text, close + 1) if 0 < close - m.end() <= _REMARK_CHARS else ""
        if rest and rest.split()[0].lower() in _AUXES:
            clause, m = f"{clause} {rest}", _CLAUSE_END.search(text, close + 1)
    tail = _ON_WHOM.match(text[m.start():]) if m else None  # "whether X will follow through, and on whom:"
    appendix = f", and {(tail.group(1) or '').lower()}{tail.group(2).lower()}" if tail else ""
    words = clause.split()
    lead = wh if wh != "if" else "whether"
    if lead == "whether" and words[0].lower() == "to" and len(words) > 1 and speaker:
        # "Apple has not decided whether to appeal the fine": will Apple appeal the fine?
        return f"Will {_lower_det(speaker)} {' '.join(words[1:])}{appendix}", speaker
    if words[0].lower() == "to":
        return None, None  # "did not know what to do": whose doing, the clause does not say
    if lead in ("what", "who") and len(words) > 1 and _PAST_VERB.match(words[0]):
        return f"{lead.capitalize()} {clause}{appendix}", None
    if lead in ("how", "how much", "how many", "what", "which"):
        # "how large the payments could be", "how much damage the campaign was able to inflict",
        # "what alternative options the US was considering"
        for k in range(1, 3 if lead == "what" else 2):
            if len(words) > k + 1 and words[k].lower() in _PHRASE_STARTS and all(
                    w.islower() and w not in _AUXES | _PHRASE_STARTS for w in words[:k]):
                lead, words = f"{lead} {' '.join(words[:k])}", words[k:]
                clause = " ".join(words)
                break
    if lead in ("what", "which", "how many", "how much") and len(words) > 2 and words[0].islower() \
            and words[0] not in _AUXES | _PHRASE_STARTS and words[1].lower() not in _AUXES \
            and any(w.lower() in _AUXES for w in words[2:4]):
        # "what steps officials are taking": the noun goes with the wh-word
        lead, words = f"{lead} {words[0]}", words[1:]
        clause = " ".join(words)
    if words[0].lower() in _AUXES:  # the wh-word is the subject: "how many would be sent"
        noun = _plural_noun(text[:start]) if lead in ("how many",) else None
        lead = f"{lead} {noun}" if noun else lead
        return f"{lead.capitalize()} {clause}{appendix}", None
    if lead in ("how many", "how much", "which", "what") and len(words) > 1 and words[1].lower() in _AUXES:
        if words[0][:1].isupper() and lead == "what":  # "what NATO will do": NATO is the subject, not a noun after "what"
            return f"What {words[1].lower()} {' '.join([words[0]] + words[2:])}" + appendix, words[0]
        if words[0].lower() in ("it", "they", "he", "she", "this", "that"):
            # "He wouldn't specify what it was": "What was it?" says nothing without the sentence
            subject = _resolve(words[0], subjects, speaker)
            if subject.lower() == words[0].lower() and len(words) == 2:
                return None, None
            return f"{lead.capitalize()} {words[1].lower()} {subject} {' '.join(words[2:])}".strip() + appendix, subject
        return f"{lead.capitalize()} {clause}{appendix}", None  # "how many troops would be sent"
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in _AUXES:
            subject = " ".join(words[:i])
            subject = _resolve(subject, subjects, speaker)
            rest = " ".join(words[i + 1:])
            # "whether the driver may have been drunk": a question asks it with "could"
            aux = "could" if word.lower() in ("may", "might") else word.lower()
            inverted = f"{aux} {subject} {rest}".strip()
            q = inverted if lead == "whether" else f"{lead} {inverted}"
            return q[0].upper() + q[1:] + appendix, subject
    if words[0].lower() in ("that", "this", "it") and len(words) <= 4:
        return None, None  # "unsure about what that really means": what "that" is, the sentence does not say
    return f"Is it known {lead} {clause}{appendix}", None


def _dispute_questions(text: str, m: re.Match, subjects: list[str]) -> list[tuple[str, str, str]]:
    """What sides a sentence says differ on, when the point is itself a question: 'at odds about who should pay the
    fee' -> 'Who should pay the fee?'; 'far apart on the need to cut output, as well as who should bear the costs'
    -> 'Should output be cut?', 'Who should bear the costs?'. A point named by a noun alone ('divided over the melt-and-pour rule') is not
    asked: which way it could go, the sentence does not say. A bare "split" or "divided" must follow the sides or
    a verb of being ("the group split on Tuesday" is no dispute)."""
    cue = m.group(0).split()[0].lower()
    if cue in ("split", "divided") and not _DISPUTE_SIDES.search(text[:m.start()]):
        return []
    if _DISPUTE_ENDED.search(text[:m.start()]):  # "a settlement, which ends a two-year dispute over the quay"
        return []
    at = m.end()
    found = []
    if not re.match(rf"(?:{_WH})\b", text[at:], re.I):
        point = _clause(text, at)
        # "far apart on the need to phase out some of the chemicals": whether they should be is the point
        need = _THE_NEED_TO.match(point)
        if need:
            q = f"Should {_lower_det(need.group('obj'))} be {_participle(need.group('verb'))}{need.group('prt') or ''}"
            found.append((q, "dispute", q))
        # "on the need to phase out X, as well as who should bear the costs": the second point is a question
        more = re.match(rf"\s*,?\s+(?:as\s+well\s+as|and|or)\s+(?=(?:{_WH})\b)", text[at + len(point):], re.I)
        if not more:
            return found
        at += len(point) + more.end()
    wh = re.match(rf"(?P<wh>{_WH})\b\s*", text[at:], re.I)
    q, _ = _wh_question(wh.group("wh"), text, at + wh.end(), subjects, _subject_before(text, m.start()))
    return found + [(q, "dispute", q)] if q else found


_THE_NEED_TO = re.compile(r"^the\s+need\s+to\s+(?P<verb>[a-z]+)(?P<prt>\s+(?:out|down|up|off|back|in))?\s+"
                          r"(?P<obj>(?![a-z]+ly\b|to\b|and\b|or\b)[a-z][\w’'-]*\s+[^,;:]{2,100})$")


def _participle(verb: str) -> str:
    """'phase' -> 'phased', 'cap' -> 'capped', 'limit' -> 'limited', 'cut' -> 'cut': regular forms and a few others."""
    irregular = {"cut": "cut", "set": "set", "put": "put", "shut": "shut", "hold": "held", "take": "taken",
                 "give": "given", "bring": "brought", "keep": "kept", "make": "made", "pay": "paid", "sell": "sold"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb):  # one short syllable: cap, ban, stop
        return verb + verb[-1] + "ed"
    return verb + "ed"


def _disputed_question(text: str, start: int) -> str | None:
    """The point a "contrary to other reports" sentence settles its own way, asked as a yes/no question:
    'police said the driver had not confessed' -> 'Has the driver confessed?'."""
    for denial, (a, _) in sentence_denials(text):
        if a < start or denial.undecided:
            continue
        been = re.match(rf"{denial.aux}(?:\s+not|n['’]t|\s+never)\s+(?:yet\s+)?(?P<been>(?:been|being)\s+)?", text[a:], re.I)
        aux = _asking_aux(denial.aux, denial.subject)
        return f"{aux} {_the(denial.subject)} {been.group('been') or '' if been else ''}{denial.pred}"
    claim = _REPORTED_CLAIM.search(text, start)
    if claim and len(claim.group("subj").split()) <= 8:
        aux = _asking_aux(claim.group("aux"), claim.group("subj"))
        return f"{aux} {_the(claim.group('subj'))} {_clause(text, claim.start('pred'))}"
    return None


def _asking_aux(aux: str, subject: str) -> str:
    """The auxiliary a question about a report opens with: "had" asks as "Has"/"Have", "would" as "Will"."""
    low = aux.lower()
    return {"had": "have" if _plural_subject(subject) else "has", "would": "will"}.get(low, low).capitalize()


def _plural_subject(subject: str) -> bool:
    """'the two crewmen detained in Brest' is plural, 'a suspect who was returned' is not: by the head noun,
    the last word before a relative clause, a participle or a preposition."""
    return bool(re.search(r"(?:[^s]s|men|people|police|children)$", _head_noun(subject).lower()))


def _head_noun(subject: str) -> str:
    """'the embassy in Dar es Salaam' -> 'embassy': a report that names the place but not the embassy's fate
    answers nothing, so questions about a step are matched on the head and the step, not on every name."""
    return re.split(r"\s(?:who|which|that|whose|of|in|at|from|on|for|with|by|[a-z]+ed)\b", subject, maxsplit=1)[0].split()[-1]


def _own_subject(text: str, end: int) -> str | None:
    """The subject of the verb phrase at `end`: the clause's own, or the sentence's where the clause has none
    ('NATO warplanes helped end the war and now are poised to ...') or only 'it'/'they' ('although it, too, ...')."""
    subject = _subject_before(text, end)
    # "said on Friday it was ready to": the day belongs to the saying
    subject = subject and re.sub(r"^(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
                                 r"\s+(?:that\s+)?", "", subject)
    subject = subject and re.sub(r"^.*\bthat\s+(?=(?:we|they|it|he|she|I|you)$)", "", subject)
    # "Cutters cleared the strait and now stand ready to": the clause "and" starts has no subject of its own
    coordinated = re.search(r"\b(?:and|but)\s+(?:now\s+)?$", text[:end])
    if subject and (subject.lower() in ("it", "they") or coordinated) or not subject and coordinated:
        own = _SENTENCE_SUBJECT.match(text)
        words = own.group("np").split() if own else []
        subject = own.group("np") if len(words) > 1 or words and words[0] not in _DETERMINER else None
    if not subject or subject.lower() in ("it", "they", "he", "she", "we", "you", "i", "this", "that", "there"):
        return None
    return subject


def _named(subject: str, text: str) -> str | None:
    """`subject`, or for a bare 'he'/'she'/'they'/'it' the sentence's own subject when it names one; else None."""
    subject = subject.strip()
    if subject.lower() not in ("he", "she", "they", "it", "we", "i", "you", ""):
        return subject
    own = _SENTENCE_SUBJECT.match(text)
    words = own.group("np").split() if own else []
    named = own.group("np") if len(words) > 1 or words and words[0] not in _DETERMINER else None
    return named if named and named.lower() not in ("it", "they", "he", "she") else None


def _resolve(subject: str, subjects: list[str], speaker: str | None) -> str:
    """A pronoun subject stands for the nearest earlier subject, or for a speaker that is not a person."""
    low = subject.lower()
    if low in ("he", "she") and speaker and re.match(r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+$", speaker):
        return speaker  # "Nelson said she would rule soon but did not say when she would": when would Nelson rule
    if low not in ("it", "they"):
        return subject
    if subjects and (low == "they" or not _PERSON.search(subjects[-1])):
        return _lower_det(subjects[-1])
    if low == "it" and speaker and not _PERSON.search(speaker):
        return _lower_det(speaker)
    return subject


def plural_object(previous: str, parsed=None) -> str | None:
    """The plural object a trailing "them" points back to: 'Russia proposed ... groups ...' -> 'the ... groups'.

    Only this rare case needs a parse (`parsed`, the spaCy doc of `previous`), so the model loads lazily.
    """
    if parsed is None:
        from summarizer.text.nlp import english

        parsed = english()(previous)
    chunks = [c for c in parsed.noun_chunks
              if c.root.tag_ == "NNS" and c.root.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "nsubj")]
    if not chunks:
        return None
    phrase = chunks[-1].text
    return phrase if phrase.split()[0].lower() in ("the", "these", "those", "its", "their") else f"the {phrase}"


def _plural_phrase(before: str) -> str | None:
    """'The tariffs take effect ..., but an official declined to say how they ...' -> 'The tariffs'."""
    m = re.search(r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+)?[a-z]{3,}(?<!ss)s\b", before)
    return m.group() if m else None


def _plural_noun(before: str) -> str | None:
    """'the first batteries could arrive ... gave no figure for how many' -> 'batteries'."""
    m = re.search(r"\b(?:the|its|their)\s+(?:[a-z-]+\s+)?([a-z]{3,}(?<!ss)s)\b", before)
    return m.group(1) if m else None


def _clause_end(text: str, start: int) -> re.Match | None:
    """The first clause end from `start`, past a comma between two adjectives ("put global, legally binding
    controls on", "new, stricter, binding limits"): that comma lists the noun's qualities, it ends nothing."""
    m = _CLAUSE_END.search(text, start)
    while m and text[m.start()] == "," and _ADJECTIVE_BEFORE.search(text, 0, m.start()) \
            and _ADJECTIVES_AFTER.match(text, m.end()):
        m = _CLAUSE_END.search(text, m.end())
    return m


_ADJ = (r"(?:new|old|big|small|strict|tough|firm|clear|broad|wide|full|fair|free|open|long|short|high|low|hard|"
        r"[a-z]+(?:al|ic|ive|ous|ful|less|able|ible|ary|ant|ent|er|ing|ed))")
_ADJECTIVE_BEFORE = re.compile(rf"\b{_ADJ}$")
_NOT_A_NOUN = r"(?:the|a|an|its|their|his|her|it|they|he|she|in|on|at|to|for|of|by|with|from|that|which|and|or|but)\b"
_ADJECTIVES_AFTER = re.compile(rf"\s+(?:[a-z]+ly\s+)?{_ADJ}(?:,\s+(?:[a-z]+ly\s+)?{_ADJ})*\s+(?!{_NOT_A_NOUN})[a-z]+s?\b")


def _clause(text: str, start: int) -> str:
    """From `start` to the end of its clause, without trailing attribution ("..., officials said")."""
    m = _clause_end(text, start)
    clause = text[start: m.start() if m else len(text)].strip()
    return _TRAILING_SAID.sub("", clause).strip()


def _subject_before(text: str, end: int) -> str | None:
    """The subject of the clause that ends at `end`: 'The Kremlin', 'Aurel Labs' (appositive dropped)."""
    head = text[:end]
    starts = [m.end() for m in _SUBJECT_START.finditer(head) if m.end() < end]
    # An appositive ("Aurel Labs, a German developer of ..., has yet to") is not a clause start.
    appositive = re.search(r"^(?P<name>[^,]+),\s+(?:a|an|the)\s+[^,]+,\s*$", head)
    subject = appositive.group("name") if appositive else head[max(starts) if starts else 0:]
    subject = _SAID_THAT.sub("", subject.strip()).strip()
    # "they had identified suspects in six cases and [had yet to find]": the subject is "they"
    verb = re.search(r"\s(?:has|have|had|was|were|is|are|did|does|do)\s.*\s(?:and|but)$", subject)
    subject = subject[:verb.start()] if verb else subject
    if re.fullmatch(r"(?:though|although|but|and|yet|while)", subject, re.I):
        # "Canada is not pleased, though has yet to act": the clause shares the subject of the one before
        subject = _elided_subject(head[: head.rfind(subject)])
    if not subject or len(subject.split()) > 12:
        return None
    return subject


def _elided_subject(before: str) -> str | None:
    """The subject of the last clause in `before`: 'lest we forget, Canada isn't pleased,' -> 'Canada'."""
    clause = re.search(r"(?:^|[,;:]\s*)(?P<np>[^,;:]+?)\s+(?:is|isn['’]t|are|aren['’]t|was|wasn['’]t|were|has|hasn['’]t|"
                       r"have|had|did|didn['’]t|does|doesn['’]t|will|would|[a-z]+ed|says|said)\b[^,;:]*,?\s*$", before)
    np = clause and clause.group("np").strip()
    if not np or np.lower() in ("it", "they", "he", "she", "we", "i", "you") or len(np.split()) > 8:
        return None
    return np


def _lower_det(phrase: str | None) -> str:
    if not phrase:
        return ""
    first = phrase.split()[0]
    return phrase[0].lower() + phrase[1:] if first in _DETERMINER else phrase


def _takes_place(what: str, slot: str = "date") -> str:
    """'When will the next round take place', or 'Where ...' for a venue, location or place not yet known."""
    where = slot.lower() in ("venue", "location", "place")
    return f"{'Where' if where else 'When'} will {_the(what)} take place"


def _the(phrase: str) -> str:
    """'a fourth round of talks' -> 'the fourth round of talks': the question is about a specific one."""
    return re.sub(r"^(?:a|an|A|An)\s+", "the ", _lower_det(phrase))


def _tidy(question: str) -> str:
    question = " ".join(question.split()).rstrip(" ,.;:")
    return question[0].upper() + question[1:] + "?"
