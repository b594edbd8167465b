#!/usr/bin/perl
# Generates src/anon/pii_lexicon_data.c from data/pii_names/<lang>.tsv: the
# names and cue words pii_detect looks words up in, with a hash table built
# here so the backend only probes it.  Further directories after the output
# (data/pii_cues: address, handle and document cues) hold more files of the
# same form, merged into the same table.
#
# Each line: entry<TAB>class[<TAB>amb].  Classes: given family title
# title_post intro addr_pre addr_post num_mark phone_cue handle_cue
# passport_cue id_cue connector stop.  "amb" marks a word that means this
# only in the file's language ("pan" is "Mr" in Polish, "ate" a title in
# Tagalog): it counts only when the report's language is that one.  Stop
# words are always bound to their language.  Further classes: abbrev (a
# title written with a dot: "Mr.", "Sra."), relation (sister, boss, pimp:
# a name may follow), numeric_handle (QQ: the number after it is an account),
# intro_strong (an introduction, "меня зовут", after which a word typed in
# lower case is still taken as a name; multi-word intros are strong anyway),
# signoff (thanks, regards, gracias: a name may sign the message after it),
# addr_cue ("address", "dirección", "地址": an address follows), addr_area
# (bairro, kijiji, с., Brgy.: a district's name follows, part of an address),
# business (Traders, Dhaba, Hotel: after a surname it names a business, no person),
# notname (Kontakt, Perfil, Help: labels of contact details and calls, never a name),
# legal_pre and legal_post (ООО, Công ty TNHH before a company's name; SARL,
# Ltd, Sp. z o.o. after it: the name is taken, an employer identifies too).
#
# Keys are lower-cased and split into words exactly as the C scanner splits
# text (letters and marks; digits; one word per Han character; a Thai run is
# one word), and hashed with 32-bit FNV-1a over code points with one space
# between words (pii_scan.c computes the same).
use strict;
use warnings;
use utf8;
binmode(STDERR, ":encoding(UTF-8)");

my ($dir, $out, @more_dirs) = @ARGV;
die "usage: gen_pii_lexicon.pl DATA_DIR OUTPUT.c [MORE_DATA_DIRS]\n" unless $dir && $out;

my @LANGS = qw(en es fr pt ar ru uk pl ro vi th zh hi sw tl);
my %CLASS = (given => 0x0001, family => 0x0002, title => 0x0004, title_post => 0x0008,
             intro => 0x0010, addr_pre => 0x0020, addr_post => 0x0040, num_mark => 0x0080,
             phone_cue => 0x0100, handle_cue => 0x0200, passport_cue => 0x0400,
             id_cue => 0x0800, connector => 0x1000, stop => 0x2000, abbrev => 0x4000,
             relation => 0x8000, numeric_handle => 0x10000,
             intro_strong => 0x10 | 0x40000, signoff => 0x80000,
             business => 0x100000, notname => 0x200000,
             legal_pre => 0x400000, legal_post => 0x800000,
             addr_cue => 0x40000000, addr_area => 0x20000000);
my $MAX_WORDS = 4;
my @errors;
my %entries;    # key -> [classes, ambiguous classes, their languages, unambiguous classes]

sub words_of {
    my ($s) = @_;
    my @w;
    while ($s =~ /(\p{Han}|\p{Hiragana}|\p{Katakana})|([\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+)|([\p{L}\p{M}]+)|(\p{Nd}+)/g) {
        push @w, defined $1 ? $1 : defined $2 ? $2 : defined $3 ? $3 : $4;
    }
    return @w;
}

# <lang>.tsv of each directory, then <lang>-*.tsv of the first (more given
# names kept apart: <lang>-names.tsv); the extra directories need not have
# every language
my @FILES;
for my $file_dir ($dir, @more_dirs) {
    for my $li (0 .. $#LANGS) {
        my $file = "$file_dir/$LANGS[$li].tsv";
        push @FILES, [$li, $file] if $file_dir eq $dir || -e $file;
        push @FILES, map { [$li, $_] } sort glob("$file_dir/$LANGS[$li]-*.tsv") if $file_dir eq $dir;
    }
}
for my $lf (@FILES) {
    my ($li, $file) = @$lf;
    open(my $fh, '<:encoding(UTF-8)', $file) or die "cannot open $file: $!\n";
    while (my $line = <$fh>) {
        chomp $line;
        next if $line =~ /^#/ || $line =~ /^\s*$/;
        my @f = split /\t/, $line, -1;
        if (@f < 2 || @f > 3 || (@f == 3 && $f[2] ne 'amb' && $f[2] ne '')) {
            push @errors, "$file:$.: expected entry<TAB>class[<TAB>amb]";
            next;
        }
        my $bit = $CLASS{$f[1]};
        if (!$bit) {
            push @errors, "$file:$.: unknown class '$f[1]'";
            next;
        }
        my @w = words_of(lc $f[0]);
        if (!@w || @w > $MAX_WORDS) {
            push @errors, "$file:$.: '$f[0]' must have 1 to $MAX_WORDS words";
            next;
        }
        my $key = join(' ', @w);
        my $e = $entries{$key} //= [0, 0, 0, 0, 0];
        $e->[0] |= $bit;
        # stop words are always bound to their language ("de" is no stop word in Spanish)
        if ($f[1] eq 'stop') {
            $e->[4] |= 1 << $li;
        } elsif (@f == 3 && $f[2] eq 'amb') {
            $e->[1] |= $bit;
            $e->[2] |= 1 << $li;
        } else {
            $e->[3] |= $bit;
        }
    }
    close $fh;
}
die join("\n", @errors) . "\n" if @errors;

# The first word of every phrase is marked (phrase_start), so the scanner
# looks phrases up only where one can begin.
for my $key (grep { / / } keys %entries) {
    my ($first) = split / /, $key;
    my $e = $entries{$first} //= [0, 0, 0, 0, 0];
    $e->[0] |= 0x20000;
    $e->[3] |= 0x20000;
}

sub fnv {
    my ($key) = @_;
    my $h = 2166136261;
    for my $c (map { ord } split //, $key) {
        $h = (($h ^ $c) * 16777619) & 0xFFFFFFFF;
    }
    return $h;
}

sub c_string {
    my ($s) = @_;
    my $b = $s;
    utf8::encode($b);
    $b =~ s/(["\\])/\\$1/g;
    $b =~ s/([^\x20-\x7e])/sprintf('\\x%02x""', ord($1))/ge;
    return "\"$b\"";
}

my @keys = sort keys %entries;
my $size = 64;
$size *= 2 while $size < 2 * @keys;
my @table = (-1) x $size;
for my $i (0 .. $#keys) {
    my $p = fnv($keys[$i]) & ($size - 1);
    $p = ($p + 1) & ($size - 1) while $table[$p] >= 0;
    $table[$p] = $i;
}

open(my $oh, '>', "$out.tmp") or die "cannot write $out.tmp: $!\n";
print $oh "/* Generated by tools/gen_pii_lexicon.pl from data/pii_names; do not edit. */\n";
print $oh "#include \"postgres.h\"\n\n#include \"anon/pii.h\"\n\n";
print $oh "const PiiLexEntry pii_lexicon[] = {\n";
for my $k (@keys) {
    my ($cl, $amb, $langs, $unamb, $stop) = @{$entries{$k}};
    # stop_langs was left out before 0.2.0, so no stop word ever applied
    printf $oh "\t{%s, 0x%08x, 0x%08x, 0x%04x, 0x%04x},\n", c_string($k), $cl, $amb & ~$unamb, $langs, $stop;
}
print $oh "};\nconst int pii_lexicon_size = ", scalar(@keys), ";\n\n";
print $oh "const int32_t pii_lexicon_hash[] = {\n";
for (my $i = 0; $i < $size; $i += 16) {
    print $oh "\t", join(', ', @table[$i .. ($i + 15 < $size ? $i + 15 : $size - 1)]), ",\n";
}
print $oh "};\nconst int pii_lexicon_hash_size = $size;\n";
close $oh;
rename("$out.tmp", $out) or die "cannot rename to $out: $!\n";
