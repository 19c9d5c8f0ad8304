package com.dialsmart.ghlbroadcast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GhlBroadcastApplication {

	public static void main(String[] args) {
		SpringApplication.run(GhlBroadcastApplication.class, args);
	}

}
