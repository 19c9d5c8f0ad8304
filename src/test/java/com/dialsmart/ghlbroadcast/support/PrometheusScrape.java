package com.dialsmart.ghlbroadcast.support;

import java.util.ArrayList;
import java.util.List;

/** Reads samples from the text of {@code /actuator/prometheus}. */
public record PrometheusScrape(String text) {

	/**
	 * The value of the sample named {@code name} carrying all the given {@code key=value} labels, 0 when there is none
	 * (a counter not yet incremented).
	 */
	public double value(String name, String... labels) {
		List<Double> values = values(name, labels);
		if (values.size() > 1) {
			throw new IllegalArgumentException(values.size() + " series of " + name + " match " + List.of(labels));
		}
		return values.isEmpty() ? 0 : values.get(0);
	}

	/** The sum over every series named {@code name} carrying all the given labels (whatever their other labels). */
	public double sum(String name, String... labels) {
		return values(name, labels).stream().mapToDouble(Double::doubleValue).sum();
	}

	private List<Double> values(String name, String... labels) {
		List<Double> values = new ArrayList<>();
		for (String line : this.text.split("\n")) {
			if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
				continue;
			}
			int end = line.lastIndexOf(' ');
			String series = line.substring(0, end);
			boolean matches = true;
			for (String label : labels) {
				int eq = label.indexOf('=');
				String wanted = label.substring(0, eq) + "=\"" + label.substring(eq + 1) + "\"";
				if (!series.contains("{" + wanted + ",") && !series.contains("," + wanted + ",")
						&& !series.contains("," + wanted + "}") && !series.contains("{" + wanted + "}")) {
					matches = false;
				}
			}
			if (matches) {
				values.add(Double.parseDouble(line.substring(end + 1)));
			}
		}
		return values;
	}

}
