// Package kit holds what the desktop app's shell and its rooms share: work
// off the UI goroutine (Background, Later), errors as sentences for people
// (Sentence, PlainError), small widgets (Wrapped, Quiet, NoticeBox, the
// letter's paper, Field and its KeyRouter), the theme (CalmTheme), layouts,
// dates as people write them (ParseDay, Today) and words (Plural, Capitalise,
// OneLine, EventSummary). It imports no other package of the app.
package kit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// Sentence turns an error into what a person reads: what happened and what
// to do next, in plain words. It is the only place the desktop app turns an
// error into words; a Go error string never reaches the screen.
func Sentence(err error) string {
	var pe *polish.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, casefile.ErrWrongPassphrase):
		return "That passphrase did not open this vault. Check Caps Lock and try again."
	case errors.Is(err, casefile.ErrAlreadyOpen):
		return "This vault is already open in another Redress window. Switch to that window, or close it and try again."
	case errors.Is(err, store.ErrReadOnly):
		_, why := ReadOnlyWhy(err)
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
	case store.IsDiskFull(err): // ERROR_DISK_FULL on Windows too
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

// PlainError turns an error from the letters, bundles or AI help into what a
// person reads: what happened and what to do next. A Go error string never
// reaches the screen, except the sentences the letters and casework packages
// write for people (a bad date, a line of the letter's text that cannot be
// read), which are passed on in their own words.
func PlainError(err error) string {
	var re *casework.RouteError
	var pe *polish.Error
	var pr *casework.PolishRejected
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled), errors.Is(err, polish.ErrCanceled):
		return "Stopped before it finished. Nothing was changed."
	case errors.As(err, &pr):
		return "The AI's wording was not used, because it does not pass Redress's checks: " + strings.Join(pr.Reasons, " ")
	case errors.Is(err, casework.ErrSent):
		return "This letter has been sent, so it stays exactly as it was sent. To say more, draft a new letter."
	case errors.As(err, &re):
		return routeSentence(re)
	case errors.Is(err, casefile.ErrLocked):
		return "The vault is locked. Unlock it with your passphrase and try again."
	case errors.Is(err, casefile.ErrTampered):
		return "Part of this case's record does not check out: it may have been damaged, or changed outside Redress. " +
			"Nothing has been changed. Use Verify in Settings to see what is wrong."
	case errors.Is(err, casefile.ErrExists):
		return "That was done already. The screen now shows it as it stands."
	case errors.Is(err, casefile.ErrNotFound):
		return "Something this needs is no longer in the case: it may have been archived. Open the case again and try again."
	case errors.Is(err, casefile.ErrInvalidCase):
		return "This letter's saved form could not be read. Nothing was changed. Draft the letter again, or restore the vault from a backup."
	case store.IsDiskFull(err): // ERROR_DISK_FULL on Windows too
		return "The disk is full, so the file was not saved. Free some space and try again."
	case errors.Is(err, fs.ErrPermission):
		return "Redress is not allowed to save in that folder. Choose another folder, such as your Documents folder."
	case errors.Is(err, fs.ErrNotExist):
		return "That folder is not there any more. Choose another place to save."
	case errors.Is(err, casework.ErrSections), errors.Is(err, bundle.ErrSpec):
		return "The bundle's sections could not be put together. Check that every section has something in it, then try again."
	case errors.Is(err, polish.ErrDisabled):
		return "AI help is turned off. You can turn it on in Settings."
	case errors.Is(err, polish.ErrBadSettings):
		return "The AI settings are not complete. In Settings, give the server's address (starting http://, https:// or unix://) and the model's name."
	case errors.Is(err, polish.ErrUnreachable):
		return "The AI server could not be reached. Check that it is running and that the address in Settings is right, then try again."
	case errors.Is(err, polish.ErrTimeout):
		return "The AI server took too long to answer, so Redress stopped waiting. Try again, or try a smaller model."
	case errors.As(err, &pe) && pe.Kind == polish.ErrHTTPStatus && (pe.Status == http.StatusUnauthorized || pe.Status == http.StatusForbidden):
		return "The AI server refused the API key. Check the key in Settings and try again."
	case errors.As(err, &pe) && pe.Kind == polish.ErrHTTPStatus && pe.Status == http.StatusNotFound:
		return "The AI server does not know this address or this model. Check both in Settings and try again."
	case errors.Is(err, polish.ErrHTTPStatus):
		return "The AI server answered with an error. Try again later, or check the settings."
	case errors.Is(err, polish.ErrMalformedReply), errors.Is(err, polish.ErrEmptyReply), errors.Is(err, polish.ErrBadSuggestions):
		return "The AI server's answer could not be read. Try again, or try another model: some small models do not follow the instructions."
	case errors.Is(err, polish.ErrTooLong):
		return fmt.Sprintf("This text is too long to send in one go: the most is %d characters.", polish.MaxInput)
	case errors.Is(err, polish.ErrNothingToSend):
		return "There is no text to send."
	case errors.Is(err, letters.ErrRequest):
		return requestSentence(err)
	}
	return "Something went wrong and this step did not finish. What you saved before is safe. Try again; if it keeps happening, restart Redress."
}

// routeSentence says why findings need separate letters.
func routeSentence(re *casework.RouteError) string {
	if re.All && len(re.Groups) == 0 {
		return fmt.Sprintf("The checks find nothing late, missed or of concern in this case as of %s, so there is nothing for this letter to raise.", re.AsOf.Long())
	}
	if re.All {
		return "None of the case's findings goes to " + casework.RouteWords(string(re.Route)) + ". Choose the findings yourself, or another kind of letter."
	}
	return "The findings you chose go to different places, so they need separate letters."
}

var markupLine = regexp.MustCompile(`letter markup line (\d+): `)

// requestSentence passes on the sentence a letters or casework error ends
// with, which is written for people, with a capital letter; a mistake in a
// letter's text names its line.
func requestSentence(err error) string {
	msg := err.Error()
	if m := markupLine.FindStringSubmatchIndex(msg); m != nil {
		line := msg[m[2]:m[3]]
		rest := strings.TrimSuffix(msg[m[1]:], ".")
		return fmt.Sprintf("Line %s of the letter's text: %s. Correct it and save again.", line, rest)
	}
	if strings.Contains(msg, "letter markup") {
		_, rest, _ := strings.Cut(msg, "letter markup")
		return "The letter's text cannot be read" + strings.TrimSuffix(rest, ".") + ". Correct it and save again."
	}
	if _, rest, ok := strings.Cut(msg, letters.ErrRequest.Error()+": "); ok {
		msg = rest
	}
	return Capitalise(strings.TrimSuffix(msg, ".")) + "."
}

// ReadOnlyWhy returns the reason a vault is read-only from its error's
// words ("the vault is read-only (REASON)").
func ReadOnlyWhy(err error) (bool, string) {
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
