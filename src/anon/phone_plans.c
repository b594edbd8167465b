/*
 * phone_plans.c
 *	  The numbering plans canon_phone knows: country calling codes, trunk
 *	  and international prefixes and the lengths of national significant
 *	  numbers (NSN: the digits after the country code).
 *
 * Sources.  Country calling codes: ITU-T Recommendation E.164 and its
 * annex "List of ITU-T Recommendation E.164 assigned country codes" (ITU
 * Operational Bulletin).  Trunk prefixes and NSN lengths: the national
 * numbering plans that regulators file with the ITU (ITU-T "National
 * Numbering Plans" collection, T0202) and publish themselves (Ofcom,
 * TRAI, NTC, NBTC, ...), checked against common knowledge of how numbers
 * are written in each country.  International prefixes: the same plans;
 * the list of exceptions to the ITU-recommended "00" (000 in Kenya,
 * Tanzania, Uganda and Singapore; 001/002/007/008/009 in several Asian
 * countries; 009 in Nigeria; 010 in Japan; 011 in the NANP; 0011 in
 * Australia; 8~10 in Russia; 00 + carrier code in Brazil and Colombia) was
 * cross-checked against the "List of international call prefixes" pages
 * found through the project's search tool.  Colombia's September 2021
 * reform ("60" inserted before the one-digit dialling zone of fixed
 * numbers, all national numbers 10 digits) follows CRC Resolution 5826 as
 * reported by the Colombian press and government pages found the same way.
 * Mexico's abolition of 01/044/045 and of the "1" after +52 for mobiles
 * (August 2019 -- 2020) follows the IFT's Plan Técnico Fundamental de
 * Numeración.  No code or data was taken from libphonenumber or any other
 * library.
 *
 * Lengths are deliberately a little generous where a plan has many
 * historical lengths (Germany, Italy, Indonesia): the aim is to refuse
 * numbers that cannot exist, not to check that a number is assigned.
 *
 * canon_phone is IMMUTABLE: a change to these tables changes its results
 * and so needs a new extension version (and a note in the upgrade script
 * that stored pseudonyms of affected numbers must be recomputed).
 */
#include <stddef.h>

#include "anon/phone_plans.h"

#define NO_IDD {NULL}
#define NO_RULES {{NULL, 0}}

const PhonePlan phone_plans[] = {
	/* North American Numbering Plan: NPA-NXX-XXXX, trunk 1, IDD 011 */
	{"US", "the NANP (US, Canada, Caribbean)", "1", "1", {"011"}, PL_LEN(10), NO_RULES, PLAN_NANP},

	/* Europe */
	{"GB", "the UK", "44", "0", NO_IDD, PL_LEN(10),
	{{"1", PL_LENS(9, 10)}, {"800", PL_LENS(9, 10)}}, 0},
	{"IE", "Ireland", "353", "0", NO_IDD, PL_LENS(7, 9), {{"8", PL_LEN(9)}}, 0},
	{"FR", "France", "33", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"DE", "Germany", "49", "0", NO_IDD, PL_LENS(6, 13),
	{{"15", PL_LENS(10, 11)}, {"16", PL_LENS(10, 11)}, {"17", PL_LENS(10, 11)}}, 0},
	{"IT", "Italy", "39", "", NO_IDD, PL_LENS(6, 11), {{"3", PL_LENS(9, 10)}}, PLAN_KEEPS_ZERO},
	{"ES", "Spain", "34", "", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"PT", "Portugal", "351", "", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"NL", "the Netherlands", "31", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"BE", "Belgium", "32", "0", NO_IDD, PL_LENS(8, 9), {{"4", PL_LEN(9)}}, 0},
	{"GR", "Greece", "30", "", NO_IDD, PL_LEN(10), NO_RULES, 0},
	{"PL", "Poland", "48", "", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"CZ", "Czechia", "420", "", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"HU", "Hungary", "36", "06", NO_IDD, PL_LENS(8, 9),
	{{"1", PL_LEN(8)}, {"20", PL_LEN(9)}, {"30", PL_LEN(9)}, {"31", PL_LEN(9)},
	{"50", PL_LEN(9)}, {"70", PL_LEN(9)}}, 0},
	{"RO", "Romania", "40", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"BG", "Bulgaria", "359", "0", NO_IDD, PL_LENS(7, 9),
	{{"87", PL_LEN(9)}, {"88", PL_LEN(9)}, {"89", PL_LEN(9)}, {"98", PL_LEN(9)}}, 0},
	{"MD", "Moldova", "373", "0", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"UA", "Ukraine", "380", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"RU", "Russia and Kazakhstan", "7", "8", {"810"}, PL_LEN(10), NO_RULES, 0},
	{"AL", "Albania", "355", "0", NO_IDD, PL_LENS(7, 9), {{"6", PL_LEN(9)}}, 0},
	{"TR", "Turkey", "90", "0", NO_IDD, PL_LEN(10), NO_RULES, 0},

	/* Asia */
	{"IN", "India", "91", "0", NO_IDD, PL_LEN(10), NO_RULES, 0},
	{"PH", "the Philippines", "63", "0", NO_IDD, PL_LENS(8, 10), {{"9", PL_LEN(10)}}, 0},
	{"TH", "Thailand", "66", "0", {"001", "007", "008", "009"}, PL_LENS(8, 9),
	{{"2", PL_LEN(8)}, {"6", PL_LEN(9)}, {"8", PL_LEN(9)}, {"9", PL_LEN(9)}}, 0},
	{"VN", "Vietnam", "84", "0", NO_IDD, PL_LENS(8, 10),
	{{"2", PL_LEN(10)}, {"3", PL_LEN(9)}, {"5", PL_LEN(9)}, {"7", PL_LEN(9)},
	{"8", PL_LEN(9)}, {"9", PL_LEN(9)}}, 0},
	{"ID", "Indonesia", "62", "0", {"001", "007", "008", "009"}, PL_LENS(8, 12),
	{{"8", PL_LENS(9, 12)}}, 0},
	{"MY", "Malaysia", "60", "0", NO_IDD, PL_LENS(8, 10), {{"1", PL_LENS(9, 10)}}, 0},
	{"KH", "Cambodia", "855", "0", {"001", "007", "008"}, PL_LENS(8, 9), NO_RULES, 0},
	{"MM", "Myanmar", "95", "0", NO_IDD, PL_LENS(7, 10), {{"9", PL_LENS(8, 10)}}, 0},
	{"LA", "Laos", "856", "0", NO_IDD, PL_LENS(8, 10), {{"20", PL_LEN(10)}}, 0},
	{"CN", "China", "86", "0", NO_IDD, PL_LENS(9, 11), {{"1", PL_LEN(11)}, {"10", PL_LEN(10)}}, 0},
	{"BD", "Bangladesh", "880", "0", NO_IDD, PL_LENS(6, 10), {{"1", PL_LEN(10)}}, 0},
	{"NP", "Nepal", "977", "0", NO_IDD, PL_LEN(8) | PL_LEN(10),
	{{"96", PL_LEN(10)}, {"97", PL_LEN(10)}, {"98", PL_LEN(10)}}, 0},
	{"PK", "Pakistan", "92", "0", NO_IDD, PL_LENS(9, 10), {{"3", PL_LEN(10)}}, 0},
	{"LK", "Sri Lanka", "94", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"JP", "Japan", "81", "0", {"010"}, PL_LENS(9, 10),
	{{"70", PL_LEN(10)}, {"80", PL_LEN(10)}, {"90", PL_LEN(10)}}, 0},
	{"KR", "South Korea", "82", "0", {"001", "002"}, PL_LENS(8, 10), {{"10", PL_LEN(10)}}, 0},
	{"SG", "Singapore", "65", "", {"000", "001", "002", "008"}, PL_LEN(8), NO_RULES, 0},
	{"HK", "Hong Kong", "852", "", {"001", "002"}, PL_LEN(8), NO_RULES, 0},

	/* Middle East */
	{"AE", "the UAE", "971", "0", NO_IDD, PL_LENS(8, 9), {{"5", PL_LEN(9)}}, 0},
	{"SA", "Saudi Arabia", "966", "0", NO_IDD, PL_LEN(9), {{"800", PL_LEN(10)}}, 0},
	{"QA", "Qatar", "974", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"KW", "Kuwait", "965", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"JO", "Jordan", "962", "0", NO_IDD, PL_LENS(8, 9), {{"7", PL_LEN(9)}}, 0},
	{"LB", "Lebanon", "961", "0", NO_IDD, PL_LENS(7, 8), {{"7", PL_LEN(8)}, {"8", PL_LEN(8)}}, 0},
	{"IQ", "Iraq", "964", "0", NO_IDD, PL_LENS(8, 10), {{"7", PL_LEN(10)}}, 0},
	{"IR", "Iran", "98", "0", NO_IDD, PL_LEN(10), NO_RULES, 0},

	/* Africa */
	{"NG", "Nigeria", "234", "0", {"009"}, PL_LENS(7, 8) | PL_LEN(10),
	{{"70", PL_LEN(10)}, {"80", PL_LEN(10)}, {"81", PL_LEN(10)}, {"90", PL_LEN(10)},
	{"91", PL_LEN(10)}}, 0},
	{"GH", "Ghana", "233", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"KE", "Kenya", "254", "0", {"000"}, PL_LENS(7, 9), {{"1", PL_LEN(9)}, {"7", PL_LEN(9)}}, 0},
	{"UG", "Uganda", "256", "0", {"000"}, PL_LEN(9), NO_RULES, 0},
	{"TZ", "Tanzania", "255", "0", {"000"}, PL_LEN(9), NO_RULES, 0},
	{"ET", "Ethiopia", "251", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},
	{"EG", "Egypt", "20", "0", NO_IDD, PL_LENS(8, 10), {{"1", PL_LEN(10)}}, 0},
	{"ZA", "South Africa", "27", "0", NO_IDD, PL_LEN(9), NO_RULES, 0},

	/* Latin America and the Caribbean outside the NANP */
	{"MX", "Mexico", "52", "", NO_IDD, PL_LEN(10), NO_RULES, PLAN_MX},
	{"BR", "Brazil", "55", "0", {"00XX"}, PL_LENS(10, 11), NO_RULES, PLAN_BR},
	{"CO", "Colombia", "57", "", {"005", "007", "009", "00456"}, PL_LEN(10), NO_RULES, PLAN_CO},
	{"VE", "Venezuela", "58", "0", NO_IDD, PL_LEN(10), NO_RULES, 0},
	{"AR", "Argentina", "54", "0", NO_IDD, PL_LEN(10), {{"9", PL_LEN(11)}}, PLAN_AR},
	{"PE", "Peru", "51", "0", NO_IDD, PL_LENS(8, 9), {{"9", PL_LEN(9)}}, 0},
	{"EC", "Ecuador", "593", "0", NO_IDD, PL_LENS(8, 9), {{"9", PL_LEN(9)}}, 0},
	{"GT", "Guatemala", "502", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"SV", "El Salvador", "503", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"HN", "Honduras", "504", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"NI", "Nicaragua", "505", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"CR", "Costa Rica", "506", "", NO_IDD, PL_LEN(8), NO_RULES, 0},
	{"HT", "Haiti", "509", "", NO_IDD, PL_LEN(8), NO_RULES, 0},

	/* Oceania */
	{"AU", "Australia", "61", "0", {"0011"}, PL_LEN(9), NO_RULES, 0},
};
const int	phone_nplans = sizeof(phone_plans) / sizeof(phone_plans[0]);

/*
 * Countries sharing a plan.  "UK" is not an ISO 3166-1 code but is
 * exceptionally reserved for the United Kingdom, and people write it.
 */
const PhoneAlias phone_aliases[] = {
	{"CA", "US"}, {"PR", "US"}, {"DO", "US"}, {"JM", "US"}, {"TT", "US"},
	{"BS", "US"}, {"BB", "US"},
	{"KZ", "RU"},
	{"UK", "GB"},
};
const int	phone_naliases = sizeof(phone_aliases) / sizeof(phone_aliases[0]);

/*
 * Every assigned country calling code (geographic, and the global services
 * people may hold numbers in: international freephone and shared cost,
 * Inmarsat, satellite and international networks), from the E.164 list.
 * The set is prefix-free, which is what lets a number's code be found by
 * its leading digits; phone_plans_selfcheck() verifies it.
 */
const char *const phone_assigned_codes[] = {
	"1", "7",
	"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44",
	"45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58",
	"60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91",
	"92", "93", "94", "95", "98",
	"211", "212", "213", "216", "218",
	"220", "221", "222", "223", "224", "225", "226", "227", "228", "229",
	"230", "231", "232", "233", "234", "235", "236", "237", "238", "239",
	"240", "241", "242", "243", "244", "245", "246", "247", "248", "249",
	"250", "251", "252", "253", "254", "255", "256", "257", "258",
	"260", "261", "262", "263", "264", "265", "266", "267", "268", "269",
	"290", "291", "297", "298", "299",
	"350", "351", "352", "353", "354", "355", "356", "357", "358", "359",
	"370", "371", "372", "373", "374", "375", "376", "377", "378", "379",
	"380", "381", "382", "383", "385", "386", "387", "389",
	"420", "421", "423",
	"500", "501", "502", "503", "504", "505", "506", "507", "508", "509",
	"590", "591", "592", "593", "594", "595", "596", "597", "598", "599",
	"670", "672", "673", "674", "675", "676", "677", "678", "679",
	"680", "681", "682", "683", "685", "686", "687", "688", "689",
	"690", "691", "692",
	"800", "808", "850", "852", "853", "855", "856", "870", "880", "881", "882",
	"883", "886",
	"960", "961", "962", "963", "964", "965", "966", "967", "968",
	"970", "971", "972", "973", "974", "975", "976", "977", "979",
	"992", "993", "994", "995", "996", "998",
};
const int	phone_nassigned = sizeof(phone_assigned_codes) / sizeof(phone_assigned_codes[0]);
