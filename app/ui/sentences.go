package ui

import (
	"errors"
	"io/fs"
	"net/http"
	"strings"
	"syscall"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// sentence turns an error into what a person reads: what happened and what
// to do next, in plain words. It is the only place the desktop app turns an
// error into words; a Go error string never reaches the screen.
func sentence(err error) string {
	var pe *polish.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, casefile.ErrWrongPassphrase):
		return "That passphrase did not open this vault. Check Caps Lock and try again."
	case errors.Is(err, casefile.ErrAlreadyOpen):
		return "This vault is already open in another Redress window. Switch to that window, or close it and try again."
	case errors.Is(err, store.ErrReadOnly):
		_, why := readOnlyWhy(err)
		return "This vault is read-only (" + why + "), so nothing was changed. To change it, copy the whole vault folder to a disk you can write to, and open the copy."
	case errors.Is(err, casefile.ErrTampered):
		return "Part of this vault does not check out: it may have been damaged, or changed outside Redress. " +
			"Nothing has been changed. Restore it from a backup, or keep it as it is and ask someone you trust for help."
	case errors.Is(err, casefile.ErrLocked):
		return "The vault is locked. Unlock it with your passphrase and try again."
	case errors.Is(err, casefile.ErrNotFound):
		return "That item is no longer in this case. It may have been archived. Choose it again from the list."
	case errors.Is(err, casefile.ErrExists):
		return "Something is already there. Choose an empty folder, or another name."
	case errors.Is(err, casefile.ErrInvalidCase):
		return "This is not a case file Redress can read. Ask whoever sent it for a fresh export."
	case errors.Is(err, syscall.ENOSPC):
		return "The disk is full. Nothing was saved by this step. Free some space and try again."
	case errors.Is(err, fs.ErrPermission):
		return "Redress is not allowed to use that file or folder. Choose another place, or check who can open it."
	case errors.Is(err, fs.ErrNotExist):
		return "That file or folder is not there any more. Choose it again."
	case errors.Is(err, polish.ErrBadSettings):
		return "The AI settings are not complete. Give the server's address (starting http://, https:// or unix://) and the model's name."
	case errors.Is(err, polish.ErrDisabled):
		return "AI help is turned off. Turn it on in Settings first."
	case errors.Is(err, polish.ErrUnreachable):
		return "The AI server could not be reached. Check that it is running and that the address is right."
	case errors.Is(err, polish.ErrTimeout):
		return "The AI server took too long to answer. Try again, or try a smaller model."
	case errors.As(err, &pe) && pe.Kind == polish.ErrHTTPStatus &&
		(pe.Status == http.StatusUnauthorized || pe.Status == http.StatusForbidden):
		return "The AI server refused the API key. Check the key and try again."
	case errors.As(err, &pe) && pe.Kind == polish.ErrHTTPStatus && pe.Status == http.StatusNotFound:
		return "The AI server does not know this address or this model. Check both and try again."
	case errors.Is(err, polish.ErrHTTPStatus):
		return "The AI server answered with an error. Try again later, or check the settings."
	case errors.Is(err, polish.ErrMalformedReply), errors.Is(err, polish.ErrEmptyReply):
		return "The AI server's answer could not be read. Check that the address is an OpenAI-compatible server, or try another model."
	}
	return "Something went wrong and this step did not finish. What you saved before is safe. " +
		"Try again; if it keeps happening, back up the vault and restart Redress."
}

// readOnlyWhy returns the reason a vault is read-only from its error's
// words ("the vault is read-only (REASON)").
func readOnlyWhy(err error) (bool, string) {
	s := err.Error()
	const mark = "read-only ("
	i := strings.Index(s, mark)
	if i < 0 {
		return false, "it cannot be written"
	}
	rest := s[i+len(mark):]
	if j := strings.Index(rest, ")"); j >= 0 {
		return true, rest[:j]
	}
	return true, rest
}
