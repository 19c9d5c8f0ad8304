package com.dialsmart.ghlbroadcast.support;

import com.dialsmart.ghlbroadcast.GhlBroadcastApplication;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * The tests' helper beans (classes annotated {@link TestComponent} themselves, such as {@link Fixtures}), all in
 * every test context: a class that imported only its own helpers would have a context of its own. Nested
 * {@code @TestConfiguration} classes are left out: they replace application beans, so a class that imports one
 * starts another context on purpose.
 */
@TestConfiguration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = GhlBroadcastApplication.class, useDefaultFilters = false,
		includeFilters = @Filter(type = FilterType.CUSTOM, classes = TestComponents.Helpers.class))
public class TestComponents {

	/** Annotated {@code @TestComponent} directly, not through {@code @TestConfiguration}. */
	static class Helpers implements TypeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
			return reader.getAnnotationMetadata().getAnnotationTypes().contains(TestComponent.class.getName());
		}

	}

}
