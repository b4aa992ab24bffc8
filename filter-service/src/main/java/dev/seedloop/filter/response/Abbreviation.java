package dev.seedloop.filter.response;

/** Text quoted in a rejection's detail, cut to 200 characters. */
final class Abbreviation {

    private static final int MAX = 200;

    private Abbreviation() {
    }

    static String of(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX) + "...";
    }
}
