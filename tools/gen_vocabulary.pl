#!/usr/bin/perl
# Generates src/taxonomy/vocabulary_data.c from the TSV files in data/vocabulary.
# It checks everything the C code relies on (code format, tree shape, label coverage,
# crosswalk references) so a bad edit to the TSV files fails the build, not a query.
use strict;
use warnings;

my ($dir, $out) = @ARGV;
die "usage: gen_vocabulary.pl DATA_DIR OUTPUT.c\n" unless $dir && $out;

my @LANGS = qw(en es fr pt ar ru uk pl ro vi th zh hi sw tl);
my %LANG_INDEX = map { $LANGS[$_] => $_ } 0 .. $#LANGS;
my %RELATION = (exact => 0, term_broader => 1, external_broader => 2);
my $MAX_LEVELS = 8;    # facet byte + 7 levels in an int64
my @errors;

sub fail { push @errors, join('', @_); }

# Reads a TSV file: skips comments and blank lines, returns [line number, fields...].
sub read_tsv {
    my ($file, $ncols) = @_;
    open(my $fh, '<:raw', $file) or die "cannot open $file: $!\n";
    my @rows;
    while (my $line = <$fh>) {
        chomp $line;
        next if $line =~ /^#/ || $line =~ /^\s*$/;
        my @f = split /\t/, $line, -1;
        if (@f < $ncols - 1 || @f > $ncols) {
            fail("$file:$.: expected $ncols tab-separated fields, got ", scalar(@f));
            next;
        }
        push @f, '' while @f < $ncols;
        push @rows, [$., @f];
    }
    close $fh;
    return @rows;
}

sub c_string {
    my ($s) = @_;
    $s =~ s/(["\\])/\\$1/g;
    # Hex escapes keep non-ASCII bytes intact; the split stops a following hex
    # digit from extending the escape.
    $s =~ s/([^\x20-\x7e])/sprintf('\\x%02x""', ord($1))/ge;
    return "\"$s\"";
}

# ---- terms ----
my (@nodes, %by_path, %by_code);
for my $r (read_tsv("$dir/terms.tsv", 4)) {
    my ($ln, $codetext, $path, $status, $source) = @$r;
    my $where = "terms.tsv:$ln";
    my @ord = split /\./, $codetext, -1;
    if (!@ord || @ord > $MAX_LEVELS || grep { !/^[1-9][0-9]*$/ } @ord) {
        fail("$where: bad code '$codetext'");
        next;
    }
    fail("$where: facet ordinal must be 1..127") if $ord[0] > 127;
    fail("$where: level ordinals must be 1..255") if grep { $_ > 255 } @ord[1 .. $#ord];
    my @seg = split m{/}, $path, -1;
    fail("$where: path '$path' must be lower-case a-z, 0-9, _ segments joined by /")
        if !@seg || grep { !/^[a-z0-9_]{1,40}$/ } @seg;
    fail("$where: path '$path' has ", scalar(@seg), " levels but code '$codetext' has ", scalar(@ord))
        if @seg != @ord;
    fail("$where: status must be active or deprecated") unless $status =~ /^(active|deprecated)$/;
    fail("$where: source must be ASCII (shown in any server encoding)") if $source =~ /[^\x20-\x7e]/;
    my $code = 0;
    for my $i (0 .. $MAX_LEVELS - 1) {
        $code = $code * 256 + ($i < @ord ? $ord[$i] : 0);
    }
    fail("$where: duplicate code '$codetext'") if exists $by_code{$code};
    fail("$where: duplicate path '$path'") if exists $by_path{$path};
    my $n = { code => $code, codetext => $codetext, path => $path, depth => @ord - 1,
              deprecated => $status eq 'deprecated' ? 1 : 0, source => $source,
              labels => [] };
    $by_code{$code} = $n;
    $by_path{$path} = $n;
    push @nodes, $n;
}
@nodes = sort { $a->{code} <=> $b->{code} } @nodes;
for my $i (0 .. $#nodes) { $nodes[$i]{index} = $i; }
for my $n (@nodes) {
    next if $n->{depth} == 0;
    (my $ppath = $n->{path}) =~ s{/[^/]+$}{};
    (my $pcode = $n->{codetext}) =~ s{\.[^.]+$}{};
    my $p = $by_path{$ppath};
    if (!$p) { fail("terms.tsv: parent '$ppath' of '$n->{path}' is missing"); next; }
    fail("terms.tsv: '$n->{path}' has code $n->{codetext} but its parent has $p->{codetext}")
        if $p->{codetext} ne $pcode;
    $n->{parent} = $p->{index};
}
# Preorder by code: a node's subtree is the run of following nodes deeper than it.
for my $i (0 .. $#nodes) {
    my $j = $i + 1;
    $j++ while $j < @nodes && $nodes[$j]{depth} > $nodes[$i]{depth};
    $nodes[$i]{subtree_end} = $j;
}

# ---- labels ----
my %has_label;
for my $r (read_tsv("$dir/labels.tsv", 4)) {
    my ($ln, $path, $lang, $kind, $text) = @$r;
    my $where = "labels.tsv:$ln";
    my $n = $by_path{$path};
    if (!$n) { fail("$where: unknown path '$path'"); next; }
    if (!exists $LANG_INDEX{$lang}) { fail("$where: unknown language '$lang'"); next; }
    if ($kind ne 'label' && $kind ne 'synonym') { fail("$where: kind must be label or synonym"); next; }
    if ($text eq '' || $text =~ /^\s|\s$/ || $text =~ /[\x00-\x1f\x7f]/ || length($text) > 200) {
        fail("$where: text must be 1..200 bytes, trimmed, without control characters");
        next;
    }
    if ($kind eq 'label') {
        fail("$where: second label for $path in $lang") if $has_label{"$path\t$lang"}++;
        # English labels appear in views and error hints in any server encoding
        fail("$where: English labels must be ASCII") if $lang eq 'en' && $text =~ /[^\x20-\x7e]/;
    }
    push @{ $n->{labels} }, [$LANG_INDEX{$lang}, $kind eq 'label' ? 0 : 1, $text];
}
for my $n (@nodes) {
    fail("labels.tsv: '$n->{path}' has no English label") unless $has_label{"$n->{path}\ten"};
    # Facets and exploitation types are what the phone app shows: all 15 languages.
    if ($n->{depth} == 0 || $n->{path} =~ m{^exploitation/}) {
        for my $l (@LANGS) {
            fail("labels.tsv: '$n->{path}' has no label in '$l'") unless $has_label{"$n->{path}\t$l"};
        }
    }
}

# ---- crosswalk ----
my (@cross, %cross_key);
for my $r (read_tsv("$dir/crosswalk.tsv", 6)) {
    my ($ln, $scheme, $field, $value, $path, $relation, $note) = @$r;
    my $where = "crosswalk.tsv:$ln";
    fail("$where: scheme must be ctdc or htcds") unless $scheme =~ /^(ctdc|htcds)$/;
    fail("$where: empty field or value") if $field eq '' || $value eq '';
    # copied into a table at CREATE EXTENSION, whatever the database encoding
    fail("$where: crosswalk rows must be ASCII") if join('', $field, $value, $note) =~ /[^\x20-\x7e]/;
    my $n = $by_path{$path};
    if (!$n) { fail("$where: unknown path '$path'"); next; }
    if (!exists $RELATION{$relation}) { fail("$where: bad relation '$relation'"); next; }
    fail("$where: duplicate row") if $cross_key{"$scheme\t$field\t$value\t$path"}++;
    push @cross, [$scheme, $field, $value, $n->{index}, $RELATION{$relation}, $note];
}

if (@errors) {
    print STDERR "gen_vocabulary.pl: $_\n" for @errors;
    die "gen_vocabulary.pl: ", scalar(@errors), " error(s) in $dir\n";
}

# ---- output ----
open(my $fh, '>:raw', "$out.tmp") or die "cannot write $out.tmp: $!\n";
print $fh "/* Generated by tools/gen_vocabulary.pl from the TSV files in data/vocabulary: do not edit. */\n";
print $fh "#include \"postgres.h\"\n#include \"taxonomy/vocabulary.h\"\n\n";

print $fh "const char *const vocab_languages[] = {", join(', ', map { c_string($_) } @LANGS), "};\n";
print $fh "const int vocab_language_count = ", scalar(@LANGS), ";\n\n";

my @labels;
for my $n (@nodes) {
    my @l = sort { $a->[0] <=> $b->[0] || $a->[1] <=> $b->[1] || $a->[2] cmp $b->[2] } @{ $n->{labels} };
    $n->{first_label} = scalar(@labels);
    $n->{nlabels} = scalar(@l);
    push @labels, map { [$n->{index}, @$_] } @l;
}
print $fh "const VocabLabel vocab_labels[] = {\n";
printf $fh "\t{%d, %d, %d, %s},\n", $_->[0], $_->[1], $_->[2], c_string($_->[3]) for @labels;
print $fh "};\nconst int vocab_label_count = ", scalar(@labels), ";\n\n";

print $fh "const VocabNode vocab_nodes[] = {\n";
for my $n (@nodes) {
    printf $fh "\t{INT64CONST(0x%016x), %s, %s, %d, %d, %d, %s, %d, %d},\n",
        $n->{code}, c_string($n->{path}), c_string($n->{source}),
        $n->{parent} // -1, $n->{depth}, $n->{subtree_end},
        $n->{deprecated} ? 'true' : 'false', $n->{first_label}, $n->{nlabels};
}
print $fh "};\nconst int vocab_node_count = ", scalar(@nodes), ";\n\n";

print $fh "const VocabCrosswalk vocab_crosswalk[] = {\n";
printf $fh "\t{%s, %s, %s, %d, %d, %s},\n", c_string($_->[0]), c_string($_->[1]),
    c_string($_->[2]), $_->[3], $_->[4], c_string($_->[5]) for @cross;
print $fh "\t{NULL, NULL, NULL, -1, 0, NULL}\n" unless @cross;
print $fh "};\nconst int vocab_crosswalk_count = ", scalar(@cross), ";\n";
close $fh;
rename("$out.tmp", $out) or die "cannot rename $out.tmp: $!\n";
