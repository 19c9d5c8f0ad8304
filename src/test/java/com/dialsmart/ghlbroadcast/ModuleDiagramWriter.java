package com.dialsmart.ghlbroadcast;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.DiagramStyle;

/**
 * Writes the module diagram of docs/architecture.md to {@code target/module-diagram/components.puml}. Plain UML rather
 * than the C4 style of {@link ModularityTests}' documentation, because the PlantUML that Debian ships (1.2020) cannot
 * render Spring Modulith's C4 output. Its name does not end in Tests, so {@code verify} does not run it; run it with
 * the command in docs/architecture.md ("Modules").
 */
class ModuleDiagramWriter {

	@Test
	void writesTheModuleDiagram() {
		new Documenter(ApplicationModules.of(GhlBroadcastApplication.class), "target/module-diagram")
			.writeModulesAsPlantUml(DiagramOptions.defaults().withStyle(DiagramStyle.UML));
	}

}
