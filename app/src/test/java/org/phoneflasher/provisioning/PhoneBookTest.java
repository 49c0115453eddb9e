package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** phones.csv as spreadsheets write it, and as people get it wrong. */
class PhoneBookTest {
    static PhoneBook parse(String csv) {
        return PhoneBook.parse(csv, "phones.csv", Set.of("lab")::contains);
    }

    static Mac mac(String text) {
        return Mac.parse(text).orElseThrow();
    }

    @Test
    void quotedFieldsWithCommasCrlfBomBlankLinesAndAHeaderRow() {
        PhoneBook book = parse("\uFEFFMAC,Label,Extension,Auth name,Password,Display name,Profile\r\n"
                + "\r\n"
                + "00:1e:7a:2b:3c:4d,\"Desk, left\",201,,\"pa,ss word\",\"Smith, John\",LAB\r\n"
                + "   \r\n"
                + "# a comment line\r\n"
                + "001e.7a2b.3c4e , Desk right , 202 , auth202 , pw202\r\n"
                + ",,,,,,\r\n");
        assertEquals(List.of(), book.problems());
        PhoneEntry left = book.entry(mac("001E7A2B3C4D")).orElseThrow();
        assertEquals("Desk, left", left.label());
        assertEquals("201", left.extension());
        assertEquals("201", left.authName(), "auth name defaults to the extension");
        assertEquals("pa,ss word", left.password().reveal());
        assertEquals("Smith, John", left.displayName());
        assertEquals("lab", left.profile());
        assertEquals(3, left.row());
        PhoneEntry right = book.entry(mac("001E7A2B3C4E")).orElseThrow();
        assertEquals("Desk right", right.label(), "unquoted fields are trimmed");
        assertEquals("auth202", right.authName());
        assertEquals("202", right.displayName());
        assertEquals("", right.profile());
        assertEquals(6, right.row());
    }

    @Test
    void everyMacSpellingIsAcceptedAndOddOnesAreRefusedByRow() {
        PhoneBook book = parse("""
                00:1E:7A:00:00:01,a,1,,p
                00-1e-7a-00-00-02,a,2,,p
                001e.7a00.0003,a,3,,p
                001E7A000004,a,4,,p
                001E7A00005,a,5,,p
                00:1E:7A:00:00:0G,a,6,,p
                SEP001E7A000007,a,7,,p
                """);
        assertEquals(4, book.entries().size());
        assertEquals(List.of(
                "phones.csv row 5, MAC: '001E7A00005' is not 12 hex digits (00:1E:7A:2B:3C:4D, 001E.7A2B.3C4D and 001E7A2B3C4D are fine); row ignored",
                "phones.csv row 6, MAC: '00:1E:7A:00:00:0G' is not 12 hex digits (00:1E:7A:2B:3C:4D, 001E.7A2B.3C4D and 001E7A2B3C4D are fine); row ignored",
                "phones.csv row 7, MAC: 'SEP001E7A000007' is not 12 hex digits (00:1E:7A:2B:3C:4D, 001E.7A2B.3C4D and 001E7A2B3C4D are fine); row ignored"),
                book.problems());
    }

    @Test
    void aDuplicateMacNamesBothRowsAndTheFirstCounts() {
        PhoneBook book = parse("001E7A000001,first,1,,p1\n001E7A000002,other,2,,p2\n00:1e:7a:00:00:01,second,3,,p3\n");
        assertEquals(List.of("phones.csv row 3, MAC: 001E7A000001 line 1 is already on row 1; row 3 ignored, row 1 counts"), book.problems());
        assertEquals("first", book.entry(mac("001E7A000001")).orElseThrow().label());
    }

    @Test
    void malformedRowsAreNamedAndTheOthersStillCount() {
        PhoneBook book = parse("""
                001E7A000001,ok,1,,p1
                001E7A000002,bad"quote,2,,p2
                001E7A000003,"closed"trailing,3,,p3
                001E7A000004,a,b,c,d,e,f,g,h,i
                001E7A000005,no password,5,,
                001E7A000006,,,,p6
                001E7A000007,ok,7,,p7,,nosuchprofile
                001E7A000008,"never closed,8,,p8
                001E7A000009,ok,9,,p9
                """);
        assertEquals(List.of(
                "phones.csv row 2: a quote inside an unquoted field (quote the whole field, doubling inner quotes); row ignored",
                "phones.csv row 3: text after a closing quote; row ignored",
                "phones.csv row 8: a quoted field is never closed; row ignored",
                "phones.csv row 4: 10 fields, at most 9 expected (MAC, label, extension, auth name, password, display name, profile, contact, line); row ignored",
                "phones.csv row 5, password: missing; row ignored, 001E7A000005 gets the default profile",
                "phones.csv row 6, extension: missing; row ignored, 001E7A000006 gets the default profile",
                "phones.csv row 7, profile: flasher.conf defines no profile 'nosuchprofile'; the default profile is used"),
                book.problems());
        assertEquals(Set.of(mac("001E7A000001"), mac("001E7A000007"), mac("001E7A000009")), book.entries().keySet());
        assertEquals("", book.entry(mac("001E7A000007")).orElseThrow().profile());
    }

    @Test
    void aLineBreakInsideAQuotedFieldIsRefusedWithItsRow() {
        PhoneBook book = parse("001E7A000001,\"two\nlines\",1,,p1\n001E7A000002,ok,2,,p2\n");
        assertEquals(List.of("phones.csv row 1, label: contains a line break; row ignored"), book.problems());
        assertEquals(Set.of(mac("001E7A000002")), book.entries().keySet());
        assertEquals(3, book.entry(mac("001E7A000002")).orElseThrow().row(), "rows count lines, inner breaks too");
    }

    @Test
    void aQuoteIsFineForXmlPhonesButReportedFor7940s() {
        PhoneBook book = parse("001E7A000001,ok,1,,\"pa\"\"ss\",\"Bob \"\"B\"\"\"\n");
        assertEquals(List.of(
                "phones.csv row 1, password: contains '\"', which the 7940/7960 text format cannot carry; a 7940/7960 with this MAC has its SIP001E7A000001.cnf refused",
                "phones.csv row 1, display name: contains '\"', which the 7940/7960 text format cannot carry; a 7940/7960 with this MAC has its SIP001E7A000001.cnf refused"),
                book.problems());
        assertEquals("Bob \"B\"", book.entry(mac("001E7A000001")).orElseThrow().displayName());
    }

    @Test
    void semicolonsAsEuropeanSpreadsheetsSaveThem() {
        PhoneBook book = parse("MAC;Label;Extension;Auth;Password\n001E7A000001;Tisch, links;1;;geheim\n");
        assertEquals(List.of(), book.problems());
        assertEquals("Tisch, links", book.entry(mac("001E7A000001")).orElseThrow().label());
    }

    @Test
    void passwordsNeverShowInProblemsOrToString() {
        PhoneBook book = parse("""
                001E7A000001,ok,1,,hunter2-a
                001E7A000001,dup,1,,hunter2-b
                001E7A00000X,bad mac,1,,hunter2-c
                001E7A000003,"x"y,1,,hunter2-d
                001E7A000004,a,1,,"hunter2-e""
                001E7A000005,a,1,,hunter2-f,x,y,z,extra
                """);
        String everything = book.problems() + " " + book + " " + book.entries().values();
        assertFalse(everything.contains("hunter2"), everything);
        assertTrue(book.toString().contains("(secret)"), book.toString());
    }

    @Test
    void aPhoneHasOneRowPerLineButtonAndAFileWithoutTheColumnMeansLineOne() {
        PhoneBook book = parse("""
                MAC,label,extension,auth name,password,display name,profile,contact,line
                001E7A000001,Desk,620,,p1,,,,
                001E7A000002,Hall,630,,p2
                001E7A000001,Fax,621,,p3,,,,3
                001E7A000001,Second,622,,p4,,,,2
                """);
        assertEquals(List.of(), book.problems());
        assertEquals(List.of(1, 2, 3), book.rows(mac("001E7A000001")).stream().map(PhoneEntry::button).toList(), "by button");
        assertEquals(List.of("620", "622", "621"), book.rows(mac("001E7A000001")).stream().map(PhoneEntry::extension).toList());
        assertEquals(List.of(1), book.rows(mac("001E7A000002")).stream().map(PhoneEntry::button).toList());
        assertEquals(4, book.allRows().size());
    }

    @Test
    void aSecondRowForTheSameLineABadLineNumberAndASecondProfileAreNamed() {
        PhoneBook book = PhoneBook.parse("""
                001E7A000001,Desk,620,,p1,,lab
                001E7A000001,Again,623,,p2,,,,1
                001E7A000001,Big,624,,p3,,,,9
                001E7A000001,Word,625,,p4,,,,two
                001E7A000001,Other,626,,p5,,home,,2
                001E7A000001,Same,627,,p6,,,,3
                """, "phones.csv", Set.of("lab", "home")::contains);
        assertEquals(List.of(
                "phones.csv row 2, MAC: 001E7A000001 line 1 is already on row 1; row 2 ignored, row 1 counts",
                "phones.csv row 3, line: '9' is not a line button from 1 to 8 (no phone here has more); row ignored",
                "phones.csv row 4, line: 'two' is not a line button from 1 to 8 (no phone here has more); row ignored",
                "phones.csv row 5, profile: 001E7A000001 has profile 'lab' on row 1; a phone has one profile, 'lab' is used"
                        + " for line 2 too"),
                book.problems());
        assertEquals(List.of("620", "626", "627"), book.rows(mac("001E7A000001")).stream().map(PhoneEntry::extension).toList());
        assertTrue(book.rows(mac("001E7A000001")).stream().allMatch(e -> e.profile().equals("lab")), "one profile per phone");
    }

    @Test
    void csvWritesEveryFieldSoTheParserGivesItBack() {
        List<String> fields = List.of("001E7A000001", "a, b", "say \"hi\"", " edge ", "x;y", "#not a comment", "two\nlines", "", "=1+1");
        Csv.Parsed parsed = Csv.parse(Csv.line(PhoneBook.HEADER) + Csv.line(fields) + Csv.line(List.of("001E7A000002", "plain")));
        assertEquals(List.of(), parsed.problems());
        assertEquals(List.of(PhoneBook.HEADER, fields, List.of("001E7A000002", "plain")), parsed.rows().stream().map(Csv.Row::fields).toList());
        assertEquals("a,\"b,c\",\"d\"\"e\"\r\n", Csv.line(List.of("a", "b,c", "d\"e")), "RFC 4180: quoted, quotes doubled, CRLF");
    }
}
