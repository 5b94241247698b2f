package dev.taskfleet.worker.cost;

/**
 * A model's list price, the way providers publish it.
 *
 * @param inputPerMillion  US dollars per million prompt tokens
 * @param outputPerMillion US dollars per million completion tokens
 */
public record Price(double inputPerMillion, double outputPerMillion) {

    public static final Price FREE = new Price(0, 0);

    public Price {
        if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0) || Double.isInfinite(inputPerMillion)
                || Double.isInfinite(outputPerMillion)) {
            throw new IllegalArgumentException("prices must be finite and zero or positive, were "
                    + inputPerMillion + " and " + outputPerMillion);
        }
    }
}
