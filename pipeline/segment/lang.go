package segment

import (
	"strings"

	"golang.org/x/text/language"
)

// abbrClass says how an abbreviation behaves before a capitalised word.
type abbrClass uint8

const (
	// abbrNone: an ordinary word; a full stop after it ends the sentence before a capital.
	abbrNone abbrClass = iota
	// abbrTitle: a title or connective ("Dr.", "Mt.", "e.g.") that is always followed by more
	// of the same sentence, so it never ends one before a capital.
	abbrTitle
	// abbrNumber: precedes a number ("p. 55", "No. 5"); it ends no sentence before a digit and
	// behaves as abbrWord otherwise.
	abbrNumber
	// abbrWord: may end a sentence ("Jane and co. They…"); it does so only before a word that
	// usually starts a sentence (see profile.starters), as pragmatic_segmenter does.
	abbrWord
)

// profile holds the rules of one language. The zero value is not used; see profileFor.
type profile struct {
	// abbr maps a lower-cased abbreviation, without its final dot, to its class.
	abbr map[string]abbrClass
	// starters are lower-cased words that commonly start a sentence; an initial, an
	// initialism or an abbrWord abbreviation ends a sentence only before one of them.
	starters map[string]bool
	// colon: ':' ends a sentence when whitespace follows (Armenian writes its full stop as ':';
	// pragmatic_segmenter splits Arabic at ':' too).
	colon bool
	// semicolon: ';' is a question mark (Greek).
	semicolon bool
	// arabicComma: '،' ends a sentence unless it separates a one-word list item, as
	// pragmatic_segmenter does for Arabic.
	arabicComma bool
	// noPeriod: '.' is not a sentence terminal (Armenian uses it inside sentences; its full
	// stop is '։' or ':').
	noPeriod bool
	// lowerSplits: a full stop before a lower-case word still ends a sentence (Greek
	// newspapers and the Golden Rules start sentences in lower case); elsewhere a lower-case
	// word after a full stop continues the sentence, which also covers unknown abbreviations.
	lowerSplits bool
	// ordinals: "der 3. Platz": a number after an article or preposition is an ordinal.
	ordinals map[string]bool
}

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[strings.ToLower(w)] = true
	}
	return m
}

// abbrs builds an abbreviation table from space-separated lists per class.
func abbrs(title, number, word string) map[string]abbrClass {
	m := make(map[string]abbrClass)
	for _, w := range strings.Fields(word) {
		m[strings.ToLower(w)] = abbrWord
	}
	for _, w := range strings.Fields(number) {
		m[strings.ToLower(w)] = abbrNumber
	}
	for _, w := range strings.Fields(title) {
		m[strings.ToLower(w)] = abbrTitle
	}
	return m
}

// merge joins abbreviation tables; a later table's class wins.
func merge(ms ...map[string]abbrClass) map[string]abbrClass {
	out := make(map[string]abbrClass)
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func union(ms ...map[string]bool) map[string]bool {
	out := make(map[string]bool)
	for _, m := range ms {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// Abbreviation lists. Sources: pragmatic_segmenter's per-language lists (MIT), trimmed to
// the ones that matter for deciding a boundary, and the pySBD test cases in testdata/sbd.
// Only titles are listed as abbrTitle: a title-like word that is also an ordinary word in
// another language ("on", "da") would stop real sentence ends, so the multilingual list
// used for an undetermined language keeps only the safe ones.
var (
	months = "jan feb mar apr jun jul aug sep sept oct nov dec"

	enAbbr = abbrs(
		"mr mrs ms messrs mmes dr prof rev hon st mt ft gen gov sen rep sgt capt col lt maj cmdr adm pres supt insp det fr vs cf viz approx ca e.g i.e",
		"no nos nr p pp vol vols fig figs ch chap sec art para tel ph ex rs n° nº pt "+months,
		"co corp inc ltd llc plc jr sr bros etc al dept est univ assn ave blvd rd a.m p.m u.s u.k u.n e.u ph.d")
	enStarters = set(`a about after again also although an and another any are as at because before being
		both but by can could despite did do does during each either even every for from had has have he her here
		his how however i if in instead is it its it's let many meanwhile millions more most my neither no nor not now
		of on once one only or our other please since so some still such that the their then there these they this
		those though thus to today two under unlike until we were what when whereas where which while who why with
		yet you your`)

	deAbbr = abbrs(
		"hr hrn fr frl dr prof st z bzw ca vgl sog ggf evtl insb inkl exkl zzgl abzgl bspw usw",
		"nr s art abs bd hft tel kap jan feb mär apr jun jul aug sep sept okt nov dez",
		"u.a d.h z.t o.ä s.o s.u co corp inc ltd gmbh ag")
	deStarters = set(`aber als am an auch auf aus bei da damit dann das dass dem den denn der des deshalb
		die dies diese dieser dieses doch dort du ein eine einer er es für heute hier ich ihr im in ist jetzt man mit
		nach nun ob oder sein seit sie so um und unter vom von vor wann warum was wenn wer wie wir wo zu zum zur`)
	deOrdinals = set("der die das den dem des am im vom zum zur beim ab bis seit um ihr ihre ihrem ihren sein seine seinem seinen jeden jedem")

	esAbbr = abbrs(
		"sr sra srta sres sras dr dra lic licda ing arq prof profa ud uds vd vds dña sto sta mons excmo excma ilmo ilma gral cnel tte p ej aprox vs cfr",
		"núm no nº n° pág págs art párr párrf cap tel vol fig ene feb mar abr may jun jul ago sep sept oct nov dic lun mié jue vie sáb dom",
		"admón cía etc ee uu s.a s.l ltda hs min")
	esStarters = set(`a al así como con cuando cuál de del desde donde durante el ella ellas ellos en entonces es
		esta este esto hay hoy la las le lo los luego me mi muy no nosotros para pero por porque qué se si sin su
		también un una y ya yo él`)

	frAbbr = abbrs(
		"m mm mme mmes mlle mlles dr pr me mgr st ste cf ex vs",
		"n° no nº p pp art tél vol chap fig janv févr avr juil sept oct nov déc",
		"etc cie ltd inc")
	frStarters = set(`à au aujourd'hui aux ce cela ces cette comme dans de des elle elles en et il ils je la le les
		leur mais nous on or par pour puis quand si sur un une vous`)

	itAbbr = abbrs(
		"sig sigg sig.ra sig.na dott dott.ssa ing avv prof geom rag arch on egr gent spett mons sen dir amm psicol dr es p.es cfr ca",
		"n nr pag pagg art tel fig cap vol gen feb mar apr mag giu lug ago set ott nov dic lun mer gio ven sab dom",
		"ecc s.p.a s.r.l")
	itStarters = set(`a al alla allora anche che chi come con da del della di dopo e è gli i il in io la le lei lo
		loro lui ma mi noi non oggi per perché poi quando questa questo se si sono su un una uno voi`)

	nlAbbr = abbrs(
		"dhr mevr mr dr prof ir drs ing st bijv bv ca vgl zgn resp",
		"nr blz art tel jan feb mrt apr jun jul aug sep sept okt nov dec",
		"o.a m.b.t t.a.v enz etc bv nv")
	nlStarters = set(`al als daarna dan dat de deze die dit door en er het hij hun ik in je jij maar met na niet nu om
		omdat ook op over toen uit van voor want wat we wie wij zij ze`)

	daAbbr     = abbrs("hr fru frk dr prof skt st ca evt bl.a f.eks", "nr s tlf jan feb mar apr jun jul aug sep okt nov dec", "osv etc")
	daStarters = set(`af at da de dem den der det du efter en et for fra han hans hun hvad hvem hvor hvorfor i
		ikke jeg man med men nu og om på så til vi`)

	ruAbbr = abbrs(
		"г гг ул пр просп пер пл наб ш д им тов проф акад доц ген полк гр г-н г-жа пгт пос обл р-н ст св см ср напр т.е т.к т.н",
		"кв стр с рис табл гл п № т",
		"др пр т.д т.п тыс млн млрд руб коп долл дол у.е")
	ruStarters = set(`а в вот во все да для до если же за и из к как когда кто мы на не но нет о однако он она они
		оно от по после потом при с сегодня так там теперь то тогда ты у что это этот эта я`)

	elAbbr = abbrs("κ κα δρ καθ βλ π.χ", "αρ σελ", "κλπ κ.λπ")
)

// multiAbbr is the table for an undetermined language: English, plus titles from the other
// languages that are not also common words.
var multiAbbr = merge(enAbbr, abbrs(
	"napr hr hrn frl bzw vgl ggf evtl insb inkl sig sigg dott ing avv geom sra srta sres lic licda arq profa dña excmo ilmo mme mlle mlles mgr dhr mevr drs skt ул просп проф акад доц тов",
	"núm pág págs párr blz s tlf kap abs стр рис табл кв №",
	"usw admón cía gmbh ecc enz osv т.д т.п млн млрд тыс руб долл"))

var multiStarters = union(enStarters, deStarters, esStarters, frStarters, itStarters, nlStarters, daStarters, ruStarters)

// monthNames are months, lower-cased, in languages that write ordinal dates as "12. Juni".
var monthNames = set(`januar februar märz maerz april mai juni juli august september oktober november dezember jänner
	marts maj december januari februari maart mei augustus
	január február március április május június július október
	január februára marca apríla mája júna júla augusta septembra októbra novembra decembra
	februar marec máj jún júl august október
	stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia
	ledna února března dubna května června července srpna září října listopadu prosince
	jan feb mär apr jun jul aug sep sept okt nov dez dec`)

var (
	profileMulti = &profile{abbr: multiAbbr, starters: multiStarters}
	profiles     = map[string]*profile{
		"en": {abbr: enAbbr, starters: enStarters},
		"de": {abbr: deAbbr, starters: deStarters, ordinals: deOrdinals},
		"es": {abbr: merge(enAbbr, esAbbr), starters: union(esStarters, enStarters)},
		"fr": {abbr: frAbbr, starters: frStarters},
		"it": {abbr: itAbbr, starters: itStarters},
		"nl": {abbr: nlAbbr, starters: nlStarters},
		"da": {abbr: merge(enAbbr, daAbbr), starters: union(daStarters, enStarters)},
		"ru": {abbr: ruAbbr, starters: ruStarters},
		"uk": {abbr: ruAbbr, starters: ruStarters},
		"el": {abbr: elAbbr, starters: map[string]bool{}, semicolon: true, lowerSplits: true},
		"hy": {abbr: map[string]abbrClass{}, starters: map[string]bool{}, colon: true, noPeriod: true},
		"ar": {abbr: map[string]abbrClass{}, starters: map[string]bool{}, colon: true, arabicComma: true},
	}
)

// profileFor returns the rules for lang: its own when bitext has them, the multilingual
// ones otherwise (undetermined, or a language without special rules).
func profileFor(lang language.Tag) *profile {
	// An undetermined tag gets a guessed base ("und" → "en") with a lower confidence; only an
	// explicit language selects its rules.
	base, conf := lang.Base()
	if conf != language.Exact {
		return profileMulti
	}
	if p, ok := profiles[base.String()]; ok {
		return p
	}
	return profileMulti
}
