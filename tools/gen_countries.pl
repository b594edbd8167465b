#!/usr/bin/perl
# gen_countries.pl: print the VALUES rows of tst_hub.countries from the CTDC
# country/region table and the 360info country centroids (data/external/,
# origins in data/external/README.md).  The output is pasted into
# sql/install/42-hub_schema.sql; rerun and paste again when the CSVs change.
#   perl tools/gen_countries.pl data/external > /tmp/countries.sql
use strict;
use warnings;

my $dir = shift or die "usage: $0 data/external\n";

# CSV fields, double quotes around fields that hold commas ("" inside).
sub fields {
    my ($line) = @_;
    my @f;
    while ($line =~ /\G(?:"((?:[^"]|"")*)"|([^,]*))(,|$)/g) {
        my $v = defined $1 ? $1 =~ s/""/"/gr : $2;
        push @f, $v;
        last if $3 eq '';
    }
    return @f;
}

sub lit { my ($v) = @_; return 'NULL' if !defined $v || $v eq '' || $v eq 'NULL'; $v =~ s/^\s+|\s+$//g; $v =~ s/'/''/g; return "'$v'"; }

my %centroid;
open my $c, '<', "$dir/country_centroids.csv" or die $!;
<$c>;
while (<$c>) {
    s/\r?\n$//;
    my ($iso3, $name, $lat, $lon) = fields($_);
    $centroid{$iso3} = [$lat, $lon];
}
close $c;

open my $m, '<', "$dir/ctdc_region_country_map.csv" or die $!;
<$m>;
my @rows;
while (<$m>) {
    s/\r?\n$//;
    my ($iso2, $iso3, $country, $desc, $region, $subregion, $iom) = fields($_);
    next unless $iso2 =~ /^[A-Z][A-Z0-9]$/;
    my $cen = $iso3 ? $centroid{$iso3} : undef;
    # A legacy code whose ISO3 names another country (Y1 Kosovo -> SRB) keeps
    # no centroid: the centroid would be the other country's.
    $cen = undef if $iso2 =~ /^(Y1|Y2|Y3|YU|TB|TP|ZR|AN)$/;
    push @rows, sprintf("    (%s, %s, %s, %s, %s, %s, %s)", lit($iso2), lit($iso3), lit($country ne "" ? $country : $desc),
        lit($region), lit($subregion),
        $cen ? sprintf('%.6f', $cen->[0]) : 'NULL', $cen ? sprintf('%.6f', $cen->[1]) : 'NULL');
}
close $m;
print join(",\n", @rows), ";\n";
