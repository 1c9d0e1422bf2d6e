package polish

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Place says where the text goes when it is sent.
type Place int

// Places.
const (
	// ThisComputer is a server on this computer: localhost, a loopback
	// address or a unix socket. Nothing leaves the computer.
	ThisComputer Place = iota
	// LocalNetwork is another computer on the person's own network: a private
	// or link-local address, or a name such as nas.local. The text leaves this
	// computer, so it counts as a third party.
	LocalNetwork
	// Internet is anyone else: a cloud service.
	Internet
)

// ThirdParty reports whether the text leaves this computer.
func (p Place) ThirdParty() bool { return p != ThisComputer }

// Destination is where an endpoint sends the text, in words for the settings
// screen.
type Destination struct {
	Place     Place
	Host      string // the server's name or address, or the socket's path
	Encrypted bool   // https (a unix socket never leaves the computer)
	Statement string // one or two plain sentences for the settings screen
}

// Where classifies an endpoint without connecting to it or looking its name
// up: it says whether the text would stay on this computer, go to another
// computer on the person's network, or go to a third party over the internet.
func Where(endpointURL string) (Destination, error) {
	ep, err := parseEndpoint(endpointURL)
	if err != nil {
		return Destination{}, err
	}
	if ep.socket != "" {
		return Destination{Place: ThisComputer, Host: ep.socket, Encrypted: true,
			Statement: "On this computer: the text goes to the AI program listening on " + ep.socket + ". Nothing leaves this computer."}, nil
	}
	host := ep.url.Hostname()
	d := Destination{Host: ep.url.Host, Encrypted: ep.url.Scheme == "https", Place: placeOf(host)}
	switch d.Place {
	case ThisComputer:
		d.Statement = "On this computer: the text goes to the AI program at " + d.Host + " on this computer. Nothing leaves this computer."
	case LocalNetwork:
		d.Statement = "Another computer on your network (" + d.Host + "): the text leaves this computer and goes to that one. " +
			"Use it only if you trust whoever runs it."
	default:
		d.Statement = "A third party over the internet (" + d.Host + "): the text leaves this computer and goes to that service, " +
			"which may keep it under its own terms. Names, addresses, dates of birth, phone numbers and email addresses are " +
			"replaced before sending; the rest of the text is sent as it is."
	}
	if d.Place.ThirdParty() && !d.Encrypted {
		d.Statement += " The connection is not encrypted (the address starts with http://), so others on the way could read it."
	}
	return d, nil
}

// placeOf classifies a host name or address.
func placeOf(host string) Place {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return ThisComputer
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		ip = ip.Unmap()
		switch {
		case ip.IsLoopback(), ip.IsUnspecified():
			return ThisComputer
		case ip.IsPrivate(), ip.IsLinkLocalUnicast(), isCGNAT(ip):
			return LocalNetwork
		}
		return Internet
	}
	if !strings.Contains(h, ".") {
		return LocalNetwork // a bare name such as "gpu-box" is found on the local network
	}
	for _, s := range []string{".local", ".lan", ".home", ".internal", ".home.arpa", ".intranet", ".corp"} {
		if strings.HasSuffix(h, s) {
			return LocalNetwork
		}
	}
	return Internet
}

func isCGNAT(ip netip.Addr) bool {
	return netip.MustParsePrefix("100.64.0.0/10").Contains(ip)
}

// loopbackOnly returns the loopback addresses among a host's addresses (a host
// classified as this computer), refusing a "localhost" that a hosts file
// points somewhere else.
func loopbackOnly(addrs []net.IPAddr, host string) ([]net.IP, error) {
	var out []net.IP
	for _, a := range addrs {
		if a.IP.IsLoopback() || a.IP.IsUnspecified() {
			out = append(out, a.IP)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q does not point at this computer", host)
	}
	return out, nil
}
