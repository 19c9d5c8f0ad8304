package com.dialsmart.ghlbroadcast.dnc;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import com.dialsmart.ghlbroadcast.account.Caller;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/dnc")
class DncController {

	private final DncService dnc;

	DncController(DncService dnc) {
		this.dnc = dnc;
	}

	/** {@code phone} is read with the account's default region; a long {@code reason} is shortened. */
	record AddPayload(@NotBlank(message = "is required") String phone, String reason) {
	}

	@PostMapping(consumes = "application/json")
	@ApiResponse(responseCode = "201", description = "Added")
	@ApiResponse(responseCode = "200", description = "Already on the list; nothing changed")
	ResponseEntity<DncService.DncEntry> add(Caller caller, @Valid @RequestBody AddPayload payload) {
		boolean added = this.dnc.add(caller.accountId(), payload.phone(), DncService.Source.MANUAL, payload.reason());
		DncService.DncEntry entry = this.dnc.find(caller.accountId(), payload.phone()).orElseThrow();
		return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(entry);
	}

	@GetMapping("/{phone}")
	DncService.DncEntry find(Caller caller, @PathVariable String phone) {
		return this.dnc.find(caller.accountId(), phone)
			.orElseThrow(() -> new NotFoundException(phone + " is not on the Do-Not-Call list"));
	}

	@DeleteMapping("/{phone}")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> remove(Caller caller, @PathVariable String phone) {
		this.dnc.remove(caller.accountId(), phone);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/import", consumes = "text/csv")
	@Operation(requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			description = "One phone per line, or a header row with a 'phone' column",
			content = @Content(mediaType = "text/csv", examples = @ExampleObject(value = "phone\n+12125550123\n(212) 555-0124\n"))))
	DncService.ImportResult importCsv(Caller caller, HttpServletRequest request) throws java.io.IOException {
		try (Reader reader = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8)) {
			return this.dnc.importCsv(caller.accountId(), reader);
		}
	}

}
